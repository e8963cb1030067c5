import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/infra/package-root.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';

const run = promisify(execFile);
const docker = await engineForTests();

/**
 * The README's setup line in a fresh clone of this repository, then the
 * program in a new shell. npm's global prefix points into a temporary folder,
 * so `npm link` puts functracer there and never touches the machine's own.
 */
describeWithEngine('a fresh clone, set up as the README says', docker, () => {
  let base: string;
  let env: NodeJS.ProcessEnv;
  let setup: { stdout: string; stderr: string };
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-setup-'));
    await run('git', ['clone', '--quiet', packageRoot(), path.join(base, 'clone')]);
    const prefix = path.join(base, 'prefix');
    // Where an earlier clone, since deleted, was linked: npm link keeps the bin link it finds, so the build itself
    // must leave the CLI executable (a second setup once said "not on PATH").
    fs.mkdirSync(path.join(prefix, 'lib', 'node_modules'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'));
    fs.symlinkSync(path.join(base, 'deleted-clone'), path.join(prefix, 'lib', 'node_modules', 'functracer'));
    fs.symlinkSync('../lib/node_modules/functracer/dist/src/cli.js', path.join(prefix, 'bin', 'functracer'));
    env = { ...process.env, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`, COLUMNS: '80' };
    // The README's line, as a user pastes it: ./setup.sh && functracer
    setup = await run('bash', ['-c', './setup.sh && functracer'], { cwd: path.join(base, 'clone'), env, maxBuffer: 32 << 20 });
  }, 600_000);
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('ends with the doctor saying the machine is ready and functracer saying what to run', () => {
    expect(setup.stdout).toMatch(/^Ready\. Try: functracer run /m);
    expect(setup.stdout).toMatch(/The sample functions are ready\. Try:/);
    // What functracer itself prints from there on fits 80 columns, the install path of the inputs included.
    const ours = setup.stdout.slice(setup.stdout.indexOf('The sample functions are ready'));
    for (const line of ours.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('leaves functracer on PATH for a new shell, where --help and doctor work', async () => {
    const help = await run('bash', ['-c', 'functracer --help'], { cwd: os.tmpdir(), env });
    expect(help.stdout).toMatch(/^Usage: functracer \[options\] \[command\]/);
    const doctor = await run('bash', ['-c', 'functracer doctor'], { cwd: os.tmpdir(), env });
    expect(doctor.stdout).toMatch(new RegExp(`^✓ functracer +on PATH as ${path.join(base, 'prefix', 'bin', 'functracer')}$`, 'm'));
    for (const line of doctor.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
