import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { packageRoot } from '../../src/infra/package-root.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli } from '../support/cli.js';

const docker = await engineForTests();
const EVERY_CHECK = [
  'node',
  'functracer',
  'engine',
  'cgroup files',
  'busybox',
  'convert',
  'gcc',
  'libc.a',
  'sample images',
  'sample inputs',
  'tmux',
];

/**
 * A PATH of one folder, holding a `functracer` or not, or one that cannot be run; doctor finds the build tools
 * in the system folders either way.
 */
function fixturePath(functracer: boolean | 'not executable'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-path-'));
  if (functracer) fs.writeFileSync(path.join(dir, 'functracer'), '#!/bin/sh\n', { mode: functracer === true ? 0o755 : 0o644 });
  return dir;
}

describeWithEngine('functracer doctor', docker, (docker) => {
  beforeAll(async () => {
    await ensureSamplesReady(docker);
  }, 600_000);

  it('checks every prerequisite and says the machine is ready, within 80 columns', async () => {
    const { code, stdout } = await runCli(['doctor'], { env: { PATH: fixturePath(true), COLUMNS: '80' } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    for (const name of EVERY_CHECK) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✓ ${name.replace('.', '\\.')} +\\S`)));
    expect(lines.at(-1)).toMatch(/^Ready\. Try: functracer run /);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('names what is missing with the command that fixes it, and exits 1', async () => {
    const { code, stdout } = await runCli(['doctor'], { env: { PATH: fixturePath(false), COLUMNS: '80' } });
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    const at = lines.findIndex((l) => /^✘ functracer +not on PATH$/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toMatch(new RegExp(`^ +fix: cd ${packageRoot()} && (sudo )?npm link$`));
    expect(lines.at(-1)).toBe('1 missing: functracer.');
  });

  it('tells a functracer on PATH that cannot be run from a missing one, with the build that fixes it', async () => {
    const dir = fixturePath('not executable');
    const { code, stdout } = await runCli(['doctor'], { env: { PATH: dir, COLUMNS: '80' } });
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('✘ functracer '));
    expect(lines[at]).toMatch(new RegExp(`^✘ functracer +${path.join(dir, 'functracer')} cannot be run$`));
    expect(lines[at + 1]).toMatch(new RegExp(`^ +fix: cd ${packageRoot()} && npm run build$`));
  });

  it('prints the checks as JSON with --json', async () => {
    const { stdout } = await runCli(['doctor', '--json'], { env: { PATH: fixturePath(false) } });
    const checks = JSON.parse(stdout) as { name: string; state: string; fix?: string }[];
    expect(checks.map((c) => c.name)).toEqual(EVERY_CHECK);
    expect(checks.find((c) => c.name === 'functracer')).toMatchObject({ state: 'missing', fix: expect.stringContaining('npm link') });
  });
});
