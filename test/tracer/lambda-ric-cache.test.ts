import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findHostProgram, TOOLS } from '../../src/tracer/samples/host-files.js';
import { LAMBDA_RIC, lambdaClient } from '../../src/tracer/samples/lambda-ric.js';

let root: string;
let client: string;
beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-ric-cache-'));
  vi.stubEnv('FUNCTRACER_CACHE_DIR', root);
  // A finished build as lambdaClient leaves it, for the host's node; its files are stand-ins.
  const node = await findHostProgram(TOOLS.node, { elf: true });
  const abi = execFileSync(node, ['-p', 'process.versions.modules']).toString().trim();
  const home = path.join(root, LAMBDA_RIC.name, `${LAMBDA_RIC.version}-node-abi${abi}-${process.arch}`);
  client = path.join(home, 'client');
  fs.mkdirSync(path.join(client, 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(client, 'rapid-client.node'), 'addon');
  fs.writeFileSync(path.join(client, 'index.mjs'), 'client');
  fs.writeFileSync(path.join(client, 'scripts', 'postinstall.sh'), 'script');
  fs.writeFileSync(path.join(home, 'ready'), 'built\n');
});
afterEach(() => {
  vi.unstubAllEnvs();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the cached aws-lambda-ric', () => {
  it('is taken as it stands when its build finished, with nothing compiled', async () => {
    const steps: string[] = [];
    const found = await lambdaClient((step) => steps.push(step));
    expect(found).toMatchObject({ dir: client, cached: true, files: ['index.mjs', 'rapid-client.node', 'scripts/postinstall.sh'] });
    expect(steps).toEqual([`using the cached ${LAMBDA_RIC.name} ${LAMBDA_RIC.version}`]);
  });

  it('follows no link inside it and takes no file others may change', async () => {
    fs.symlinkSync('/etc/shadow', path.join(client, 'scripts', 'extra.node'));
    await expect(lambdaClient(() => {})).rejects.toThrow(/extra\.node is a symbolic link/);
    fs.unlinkSync(path.join(client, 'scripts', 'extra.node'));
    fs.chmodSync(path.join(client, 'index.mjs'), 0o666);
    await expect(lambdaClient(() => {})).rejects.toThrow(/index\.mjs may be changed by other users/);
  });
});
