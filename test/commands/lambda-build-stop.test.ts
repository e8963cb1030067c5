/**
 * A stop while AWS's client compiles: npm and every compiler it started are gone at once, and the cache keeps no
 * half-built client. The build starts from an empty cache of the test's own, so the shared one is never touched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { spawnCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { waitFor } from '../support/leftovers.js';

const docker = await engineForTests();
let cache: string | undefined;
afterEach(() => {
  if (cache) fs.rmSync(cache, { recursive: true, force: true });
});

/** Processes working in the cache (npm's cwd is its build folder; make and the compilers below it). */
function workingIn(folder: string): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(folder) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

function commandOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

describeWithEngine('a stop while the lambda-node sample compiles its client', docker, () => {
  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`${signal}: exits with its code, nothing compiling is left running, and no client is cached`, async () => {
      cache = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-ric-stop-'));
      const cli = spawnCli(['samples', 'build', 'lambda-node'], { env: { FUNCTRACER_CACHE_DIR: cache } });
      let output = '';
      cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      cli.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      await waitFor(() => (/compiling aws-lambda-ric/.test(output) ? true : undefined), 60_000);
      // The client's install script has started under npm (a shell, then configure, make and the compilers):
      // what a stop must end, not npm alone.
      await waitFor(() => (workingIn(cache!).some((pid) => !/^(node|npm)/.test(commandOf(pid) ?? 'node')) ? true : undefined), 120_000);
      cli.kill(signal);
      const code = await exited;
      expect(code, output).toBe(signal === 'SIGINT' ? 130 : 129);
      expect(output).toMatch(new RegExp(`stopped building the sample images on ${signal}`));
      // Killed with their group when functracer stopped; the kernel may take a moment to finish them off.
      await waitFor(() => (workingIn(cache!).length === 0 ? true : undefined), 5_000);
      expect(fs.readdirSync(path.join(cache, 'aws-lambda-ric'))).toEqual([]);
    }, 180_000);
  }
});
