import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { CLI, runCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf, expectClosedTrace, rawCsvsIn, runCgroupsOf, waitFor } from '../support/leftovers.js';
import { TmuxTerminal, watched } from './tmux.js';

const docker = await engineForTests();
let terminal: TmuxTerminal | undefined;
const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-lost-${name}-`));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * How functracer sits in the terminal that is closed (see `watched`): a child of the shell, as a command typed at a
 * prompt, which the terminal's end reaches however tmux sends it; or `detached`, which no SIGHUP reaches.
 */
const WAYS = ['shell', 'detached'] as const;

/** functracer's argv started in a real 80×24 terminal, in the way given; the exit code and stderr land in files of the test's. */
async function startInTerminal(name: string, way: (typeof WAYS)[number], args: string[]) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  const cwd = tempDir('cwd');
  const codeFile = path.join(cwd, 'exit-code');
  const errFile = path.join(cwd, 'stderr');
  const tui = new TmuxTerminal(`lost-${name}-${way}`);
  terminal = tui;
  const env = { FUNCTRACER_CONFIG_DIR: tempDir('config'), CODE_FILE: codeFile, ERR_FILE: errFile };
  await tui.start(watched([process.execPath, CLI, ...args], way === 'detached'), { cwd, env });
  return { tui, cwd, codeFile, errFile };
}

/** "… 1,234 samples, …" from the stats line. */
const sampleCount = (screen: string) => Number(/([\d,]+) samples/.exec(screen)?.[1]?.replace(/,/g, '') ?? NaN);

/**
 * Closes the terminal under a running trace, as a dropped SSH session does, and checks what the issue asks:
 * within 5 s no container of the run is left, then the trace is closed, priced by `cost --trace`, and has its run record.
 */
async function closeAndCheck(run: Awaited<ReturnType<typeof startInTerminal>>, traces: string): Promise<void> {
  const [csv] = await waitFor(() => (fs.existsSync(traces) && rawCsvsIn(traces).length > 0 ? rawCsvsIn(traces) : undefined));
  const pid = Number(/-(\d+)-\d+-rawresults\.csv$/.exec(csv!)?.[1]);
  expect(await containersOf(docker!, pid)).toBe(1);
  await run.tui.closeSession();
  const closed = Date.now();
  for (;;) {
    if ((await containersOf(docker!, pid)) === 0) break;
    expect(Date.now() - closed, 'the container of the run outlived its terminal by 5 s').toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const code = await waitFor(() => (fs.existsSync(run.codeFile) ? fs.readFileSync(run.codeFile, 'utf8').trim() : undefined), 20_000);
  const stderr = fs.readFileSync(run.errFile, 'utf8');
  expect(stderr).not.toMatch(/Error|Assertion|at \S+ \(/);
  expect(code, stderr).toBe('129');
  expect(runCgroupsOf(pid)).toEqual([]);
  expectClosedTrace(csv!);
  const priced = await runCli(['cost', '--trace', csv!]);
  expect(priced.code, priced.stderr).toBe(0);
  expect(fs.existsSync(csv!.replace(/-rawresults\.csv$/, '-run.json'))).toBe(true);
}

describeWithEngine('a terminal closed under a running trace', docker, () => {
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
  }, 600_000);

  for (const way of WAYS) {
    it(`functracer run (${way}): the container goes, the trace is closed and recorded, exit 129`, async () => {
      const run = await startInTerminal('run', way, ['run', '--out', 'out', 'functracer/sleep', '30']);
      await run.tui.waitFor((s) => s.includes('running') && sampleCount(s) > 200, 30_000, 'the live screen, samples flowing');
      await closeAndCheck(run, path.join(run.cwd, 'out'));
    }, 90_000);

    it(`the TUI tracing (${way}): the container goes, the trace is closed and recorded, exit 129`, async () => {
      const run = await startInTerminal('tui', way, []);
      const { tui } = run;
      await tui.waitFor((s) => s.includes('engine: ready') && s.includes('functracer/sleep'), 30_000, 'the image list');
      await tui.keys('/');
      await tui.type('functracer/sleep');
      await tui.keys('Enter');
      await tui.waitFor((s) => s.includes('Images (1)') && s.includes('› functracer/sleep'), 5000, 'sleep alone in the list');
      await tui.keys('Enter');
      await tui.waitFor((s) => s.includes('running') && sampleCount(s) > 200, 30_000, 'a running trace');
      await closeAndCheck(run, path.join(run.cwd, 'traces'));
    }, 90_000);
  }
});
