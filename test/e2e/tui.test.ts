import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { OWNER_LABEL } from '../../src/tracer/labels.js';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { CLI, runCli } from '../support/cli.js';
import { FreezingProxy } from '../support/freezing-proxy.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { TmuxTerminal } from './tmux.js';
import { expectClosedTrace, runCgroupsOf } from '../support/leftovers.js';

const docker = await engineForTests();
// Quitting waits for every run's container to be removed, which a busy engine can take seconds over.
const QUIT_MS = 20_000;
let terminal: TmuxTerminal | undefined;
const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-tui-${name}-`));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Containers of one functracer process, found by the owner label every run carries. */
async function containersOf(pid: number): Promise<number> {
  const listed = await docker!.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${pid}`] } });
  return listed.length;
}

/** The TUI in a real 80×24 terminal, in a folder of its own, with settings in a folder of their own. */
async function openTui(name: string, cwd = tempDir('cwd')): Promise<{ tui: TmuxTerminal; cwd: string; pid: number }> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  const config = tempDir('config');
  const tui = new TmuxTerminal(name);
  terminal = tui;
  await tui.start([process.execPath, CLI], { cwd, env: { FUNCTRACER_CONFIG_DIR: config } });
  const pid = await tui.pid();
  await tui.waitFor((s) => s.includes('engine: ready') && s.includes('functracer/memshape'), 20_000, 'the image list');
  return { tui, cwd, pid };
}

/** Filters the list down to `name` with /, which leaves it selected. */
async function selectImage(tui: TmuxTerminal, name: string): Promise<void> {
  await tui.keys('/');
  await tui.type(name);
  await tui.keys('Enter');
  await tui.waitFor((s) => s.includes('Images (1)') && s.includes(`› ${name}`), 5000, `${name} alone in the list`);
}

/**
 * Every line fits 80 columns, and the lines where state, errors and hints live (the header, the screen's title
 * line, its last lines and the bar) are not cut with "…".
 */
function expectWhole(screen: string, what: string): void {
  const lines = screen.trimEnd().split('\n');
  for (const line of lines) expect([...line].length, what).toBeLessThanOrEqual(80);
  for (const line of [lines[0]!, lines[1]!, ...lines.slice(-3)]) expect(line, `${what}: ${line}`).not.toMatch(/…\s*$/);
}

/** "… 1,234 samples, …" from the stats line. */
function sampleCount(screen: string): number {
  return Number(/([\d,]+) samples/.exec(screen)?.[1]?.replace(/,/g, '') ?? NaN);
}

describeWithEngine('the TUI in a real terminal', docker, () => {
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
  }, 600_000);

  it('traces memshape from the keyboard: the chart grows, the report appears, back, quit, nothing left', async () => {
    const { tui, cwd, pid } = await openTui('trace');
    await selectImage(tui, 'functracer/memshape');
    // Options pane, Args field: a 2.4 s shape, so the chart is seen growing.
    await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
    await tui.type('0:100 64:1200 16:1000 0:100');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('64:1200 16:1000 0:100') && !s.includes('Enter saves'), 5000, 'the edited arguments');
    await tui.keys('Tab', 'Tab', 'Enter');
    await tui.waitFor((s) => s.includes('functracer/memshape 0:100 64:1200 16:1000 0:100'), 10_000, 'the trace screen');

    const counts: number[] = [];
    await tui.waitFor(
      (s) => {
        if (s.includes('running') && s.includes('┤')) counts.push(sampleCount(s));
        return s.includes('Max memory usage');
      },
      30_000,
      'the report',
    );
    const grown = counts.filter((n, i) => i > 0 && n > counts[i - 1]!);
    expect(grown.length, `sample counts seen while running: ${counts.join(' ')}`).toBeGreaterThanOrEqual(2);

    const report = await tui.screen();
    expect(report).toContain('functracer · trace');
    expect(report).toMatch(/Exit code +0/);
    expect(report).toMatch(/peak 6\d\.\d MiB/);
    for (const line of report.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · images') && s.includes('Recorded traces (1)'), 5000, 'the images again');
    await tui.keys('q');
    await tui.waitFor(() => true);
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(pid)).toBe(0);
    const traces = fs.readdirSync(path.join(cwd, 'traces')).sort();
    expect(traces).toHaveLength(2);
    expect(traces[0]).toMatch(/-rawresults\.csv$/);
    expect(traces[1]).toBe(traces[0]!.replace('-rawresults.csv', '-run.json'));
  }, 120_000);

  it('opens multi-run from the live trace with m: two runs, their table and statistics, back, quit, nothing left', async () => {
    const { tui, cwd, pid } = await openTui('multi');
    await selectImage(tui, 'functracer/memshape');
    await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
    await tui.type('0:50 32:200 0:50');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('0:50 32:200 0:50') && !s.includes('Enter saves'), 5000, 'the edited arguments');
    await tui.keys('Tab', 'Tab', 'Enter');
    await tui.waitFor((s) => s.includes('Max memory usage') && s.includes('m multi'), 30_000, 'the report');
    await tui.keys('m');
    await tui.waitFor((s) => s.includes('functracer · multi-run') && s.includes('N = ‹ 5 ›'), 10_000, 'the multi-run screen');
    await tui.keys('2', 'Enter');
    const table = await tui.waitFor((s) => s.includes('statistics over 2 runs'), 60_000, 'two runs and their statistics');
    expect(table).toContain('2 runs of functracer/memshape 0:50 32:200 0:50');
    expect(table).toMatch(/› 1 +[\d,]+\.\d +3\d +[\d,]+ +\d+ /);
    expect(table).toMatch(/^ {2}2 +[\d,]+\.\d +3\d +[\d,]+ +\d+ /m);
    for (const label of ['min', 'median', 'mean', 'p95', 'max', 'stddev']) expect(table).toMatch(new RegExp(`^ {2}${label} +\\d`, 'm'));
    expectWhole(table, 'multi-run');

    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · trace') && s.includes('Max memory usage'), 5000, 'the trace screen again');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(pid)).toBe(0);
    const files = fs.readdirSync(path.join(cwd, 'traces'));
    const dat = files.find((f) => f.endsWith('-results.dat'));
    expect(dat, files.join(' ')).toBeDefined();
    expect(
      fs
        .readFileSync(path.join(cwd, 'traces', dat!), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(3);
    expect(files.some((f) => f.endsWith('-results.csv'))).toBe(true);
  }, 120_000);

  it('h trains a hull on the traced image in a real terminal; cost, hull and its test run fit 80×24 with nothing cut', async () => {
    const { tui, cwd, pid } = await openTui('hull');
    expectWhole(await tui.screen(), 'home');
    await selectImage(tui, 'functracer/memshape');
    await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
    await tui.type('0:50 40:300 0:50');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('0:50 40:300 0:50') && !s.includes('Enter saves'), 5000, 'the edited arguments');
    await tui.keys('Tab', 'Tab', 'Enter');
    expectWhole(await tui.waitFor((s) => s.includes('Max memory usage') && s.includes('h hull'), 30_000, 'the report'), 'trace');
    await tui.keys('c');
    expectWhole(
      await tui.waitFor((s) => s.includes('functracer · cost') && s.includes('aws-lambda-x86'), 10_000, 'the cost screen'),
      'cost',
    );
    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · trace'), 5000, 'the trace screen');
    await tui.keys('h');
    const form = await tui.waitFor((s) => s.includes('Hull training'), 10_000, 'the hull screen');
    expect(form).toContain('Train on functracer/memshape 0:50 40:300 0:50');
    expectWhole(form, 'hull form');
    // A 10 % buffer, as a user replaying on a busy host would: with none, a replay that is charged a few pages more
    // than its training runs (runc's copy at the exec, under load) is killed at the plateau, as the screen then says.
    await tui.keys('Enter', 'C-u', '2', 'Enter', 'j', 'j', 'j', 'Enter', 'C-u', '10', 'Enter');
    await tui.waitFor((s) => /Runs 2 .*Buffer 10 %/.test(s), 5000, 'two runs and a 10 % buffer');
    await tui.keys('t');
    const trained = await tui.waitFor((s) => s.includes('hull over 2 runs') && /trained\s*$/m.test(s), 60_000, 'two training runs');
    expectWhole(trained, 'hull trained');
    // 40 MiB held: the hull's peak is memshape's 40 and its own megabyte or so.
    expect(trained).toMatch(/peak 4[01]\.\d MiB/);
    await tui.keys('a');
    const tested = await tui.waitFor((s) => /survived|killed/.test(s), 60_000, 'the autotuned test run');
    expect(tested).toContain('Autotuned test · functracer/memshape 0:50 40:300 0:50');
    expect(tested).toContain('survived');
    expectWhole(tested, 'hull test');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS, 'quit after the test run');
    expect(await containersOf(pid)).toBe(0);
    // The trace, the two training runs and the test run, each with its run record.
    expect(fs.readdirSync(path.join(cwd, 'traces')).filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(4);
  }, 180_000);

  it('h on a recorded trace trains on that run again: its image, arguments and mounts', async () => {
    const cwd = tempDir('cwd');
    const input = tempDir('input');
    const cli = await runCli(['run', '--out', 'traces', '-v', `${input}:/in:ro`, 'functracer/memshape', '0:50', '24:200', '0:50'], { cwd });
    expect(cli.code, cli.stderr).toBe(0);
    const { tui, pid } = await openTui('recorded-hull', cwd);
    await tui.waitFor((s) => s.includes('Recorded traces (1)'), 5000, 'the recorded trace listed');
    await tui.keys('Tab', 'Tab', 'Tab', 'Enter');
    await tui.waitFor((s) => s.includes('functracer · trace') && s.includes('h hull'), 10_000, 'the recorded trace, with h');
    await tui.keys('h');
    const form = await tui.waitFor((s) => s.includes('Hull training'), 10_000, 'the hull screen');
    expect(form).toContain('Train on functracer/memshape 0:50 24:200 0:50');
    await tui.keys('Enter', 'C-u', '1', 'Enter', 't');
    await tui.waitFor((s) => s.includes('hull over 1 run:') && /trained\s*$/m.test(s), 60_000, 'one training run');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(pid)).toBe(0);
    // The training run was the recorded run again, mount included: both records hold the same plan.
    const traces = path.join(cwd, 'traces');
    const records = fs
      .readdirSync(traces)
      .filter((f) => f.endsWith('-run.json'))
      .sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(traces, f), 'utf8')) as { plan: { spec: { binds: string[] } } });
    expect(records).toHaveLength(2);
    expect(records[0]!.plan.spec.binds).toEqual([`${input}:/in:ro`]);
    expect(records[1]!.plan).toEqual(records[0]!.plan);
  }, 120_000);

  it('p tunes memshape from the keyboard: two sizes, the report and its answer, a size opens its run, nothing left', async () => {
    const { tui, cwd, pid } = await openTui('tune');
    await selectImage(tui, 'functracer/memshape');
    await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
    await tui.type('0:50 40:300 0:50');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('0:50 40:300 0:50') && !s.includes('Enter saves'), 5000, 'the edited arguments');
    await tui.keys('p');
    await tui.waitFor((s) => s.includes('functracer · tune') && s.includes('Provider ‹ aws-lambda-x86 ›'), 10_000, 'the Tune screen');
    await tui.keys('Right', 'Enter', 'C-u');
    await tui.type('128,256');
    await tui.keys('Enter', 'Right', 'Enter', 'C-u', '1', 'Enter');
    await tui.waitFor((s) => s.includes('Sizes 128,256') && s.includes('Runs 1'), 5000, 'the form');
    await tui.keys('t');
    // One run a size has no interval: the answer says the sizes cannot be told apart rather than name one.
    const done = await tui.waitFor((s) => s.includes('For cost,') && s.includes('e export'), 60_000, 'the tuning');
    expect(done).toContain('Tune functracer/memshape 0:50 40:300 0:50');
    expect(done.replace(/\s+/g, ' ')).toContain('For cost, 128 MB and 256 MB cannot be told apart (one run a size says nothing');
    expectWhole(done, 'tune');
    await tui.keys('e');
    const saved = await tui.waitFor((s) => s.includes('Saved'), 30_000, 'the exported chart');
    const chart = /Saved traces\/(functracer-tune-[\d-]+-plot)\.svg and \.png/.exec(saved)?.[1];
    expect(chart, saved).toBeDefined();
    expect(fs.readFileSync(path.join(cwd, 'traces', `${chart}.svg`), 'utf8')).toContain('memory size (MB)');
    expect(fs.statSync(path.join(cwd, 'traces', `${chart}.png`)).size).toBeGreaterThan(1000);
    await tui.keys('Left');
    await tui.waitFor((s) => s.includes('›Size ‹ 128 MB ›'), 5000, 'the size line back');
    await tui.keys('Enter');
    const runs = await tui.waitFor((s) => s.includes('functracer · multi-run') && s.includes('statistics over 1 run'), 10_000, 'the size');
    expect(runs).toContain('1 run of 128 MB · functracer/memshape');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(pid)).toBe(0);
    expect(fs.readdirSync(path.join(cwd, 'traces')).filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(2);
  }, 120_000);

  it('asks before a tuning whose rest would take over five minutes goes on; x stops it there with its first run', async () => {
    const { tui, cwd, pid } = await openTui('tune-ask');
    await selectImage(tui, 'functracer/memshape');
    await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
    // A 31 s run: after the first of twelve, the eleven left take about six minutes.
    await tui.type('8:31000');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('8:31000') && !s.includes('Enter saves'), 5000, 'the edited arguments');
    await tui.keys('p');
    await tui.waitFor((s) => s.includes('functracer · tune') && s.includes('Provider ‹ aws-lambda-x86 ›'), 10_000, 'the Tune screen');
    await tui.keys('Right', 'Enter', 'C-u');
    await tui.type('128,256');
    await tui.keys('Enter', 'Right', 'Enter', 'C-u', '6', 'Enter');
    await tui.waitFor((s) => s.includes('Sizes 128,256') && s.includes('Runs 6'), 5000, 'the form');
    await tui.keys('t');
    const asked = await tui.waitFor((s) => s.includes('Go on?'), 90_000, 'the question after the first run');
    expectWhole(asked, 'tune question');
    // The first run's time, start and removal included: longer than its 31 s, by how much depends on the host.
    expect(asked.replace(/\s+/g, ' ')).toMatch(
      /Go on\? 11 more runs of about [\d a-z]+ each: about [\d a-z]+ \(from the first run\)\. y goes on; x stops here/,
    );
    // Nothing runs while it asks: one trace, and no container.
    expect(await containersOf(pid)).toBe(0);
    await tui.keys('x');
    const stopped = await tui.waitFor((s) => s.includes('stopped (finished sizes kept)'), 20_000, 'the stop');
    expect(stopped).not.toContain('Go on?');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(pid)).toBe(0);
    expect(fs.readdirSync(path.join(cwd, 'traces')).filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(1);
  }, 150_000);

  it('a resize run from the home screen reads ref-data and writes nothing into it', async () => {
    const before = fs.readdirSync(refDataDir()).sort();
    const { tui } = await openTui('resize');
    await selectImage(tui, 'functracer/resize');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('Max memory usage'), 60_000, 'the finished resize');
    expect(fs.readdirSync(refDataDir()).sort()).toEqual(before);
    await tui.keys('q');
  }, 120_000);

  // q is the user's quit; SIGHUP is what a dropped SSH session sends, with nobody left to see the screen.
  for (const stop of ['q', 'SIGHUP', 'SIGQUIT'] as const) {
    it(`${stop} during a run removes the container and its cgroup, and keeps the closed trace on disk`, async () => {
      const { tui, cwd, pid } = await openTui(`quit-${stop}`);
      await selectImage(tui, 'functracer/memshape');
      await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
      await tui.type('0:100 32:60000');
      await tui.keys('Enter', 'Tab', 'Tab', 'Enter');
      await tui.waitFor((s) => s.includes('running') && sampleCount(s) > 500, 20_000, 'a running trace');
      expect(await containersOf(pid)).toBe(1);
      if (stop === 'q') await tui.keys('q');
      else process.kill(pid, stop);
      await tui.waitForExit(QUIT_MS);
      expect(await containersOf(pid)).toBe(0);
      expect(runCgroupsOf(pid)).toEqual([]);
      const [file] = fs.readdirSync(path.join(cwd, 'traces')).filter((f) => f.endsWith('-rawresults.csv'));
      const csvPath = path.join(cwd, 'traces', file!);
      expectClosedTrace(csvPath);
      const { trace } = readRawCsv(fs.readFileSync(csvPath, 'utf8'), file!);
      expect(trace.length).toBeGreaterThan(500);
    }, 120_000);
  }

  it('a signal of a new kind while the stop hangs on a wedged engine exits at once, and the next start removes what was left', async () => {
    const proxy = new FreezingProxy();
    await proxy.listen();
    try {
      const cwd = tempDir('cwd');
      const tui = new TmuxTerminal('force');
      terminal = tui;
      const env = { FUNCTRACER_CONFIG_DIR: tempDir('config'), DOCKER_HOST: proxy.dockerHost, FUNCTRACER_ENGINE_TIMEOUT_MS: '60000' };
      await tui.start([process.execPath, CLI], { cwd, env });
      const pid = await tui.pid();
      await tui.waitFor((s) => s.includes('engine: ready') && s.includes('functracer/memshape'), 20_000, 'the image list');
      await selectImage(tui, 'functracer/memshape');
      await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
      await tui.type('0:100 32:60000');
      await tui.keys('Enter', 'Tab', 'Tab', 'Enter');
      await tui.waitFor((s) => s.includes('running') && sampleCount(s) > 200, 20_000, 'a running trace');
      proxy.freeze();
      // The same signal again is the same request (as npm passing Ctrl-C on, or conf's exit hook raising it): no force.
      process.kill(pid, 'SIGTERM');
      process.kill(pid, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await tui.exited()).toBe(false);
      const forced = Date.now();
      process.kill(pid, 'SIGINT');
      while (!(await tui.exited()) && Date.now() - forced < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(Date.now() - forced).toBeLessThan(1000);
      const screen = await tui.joinedScrollback();
      expect(screen, JSON.stringify(screen.trim())).toContain(
        'functracer: quit before 1 run was stopped. The next start removes what they left',
      );
      expect(await containersOf(pid)).toBe(1);
      // Any later run reaps the containers and cgroups of owners that are gone (here a zombie, until tmux reaps it).
      const again = await runCli(['run', '--json', 'functracer/hello'], { cwd });
      expect(again.code, again.stderr).toBe(0);
      const left = await docker!.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${pid}`] } });
      expect(left, JSON.stringify(left.map((c) => [c.State, c.Status, c.Labels]))).toHaveLength(0);
      expect(runCgroupsOf(pid)).toEqual([]);
    } finally {
      proxy.close();
    }
  }, 120_000);

  it('`functracer run` in a terminal shows the live screen, then the report, and exits with the function’s code', async () => {
    const cwd = tempDir('run');
    const codeFile = path.join(cwd, 'exit-code');
    // The CLI gets the pane's terminal as its own; the wrapper only notes how it exited.
    // (No trailing semicolon: tmux takes an argument ending in one as a command separator.)
    const wrapper = `const c = require('node:child_process').spawn(process.argv[1], process.argv.slice(2), { stdio: 'inherit' }); c.on('exit', (code) => require('node:fs').writeFileSync(${JSON.stringify(codeFile)}, String(code)))`;
    const tui = new TmuxTerminal('run');
    terminal = tui;
    await tui.start(
      [process.execPath, '-e', wrapper, process.execPath, CLI, 'run', '--out', 'out', 'functracer/memshape', '0:100', '48:1500', 'exit:3'],
      { cwd },
    );
    const live = await tui.waitFor((s) => s.includes('running') && s.includes('┤') && s.includes('x stop'), 20_000, 'the live screen');
    expect(live).toContain('functracer/memshape 0:100 48:1500 exit:3');
    // The wrapper writes the code as the CLI exits, then exits itself: wait for that, as long as a loaded host needs.
    await tui.waitForExit(QUIT_MS, 'functracer run to exit after the function');
    expect(fs.readFileSync(codeFile, 'utf8')).toBe('3');
    const all = await tui.scrollback();
    // The last frame stays above the report, as docker pull leaves its progress.
    expect(all).toMatch(/memshape 0:100 48:1500 exit:3 {2}· {2}exited 3/);
    expect(all).toMatch(/Exit code +3/);
    expect(all.indexOf('exited 3')).toBeLessThan(all.indexOf('Max memory usage'));
    // The report ends by saying its prices are those of a failed run.
    expect(all.replace(/\s+/g, ' ')).toContain('Note: the function exited 3, so these prices may not be those of a run that works.');
    // The raw trace and its run record.
    expect(
      fs
        .readdirSync(path.join(cwd, 'out'))
        .map((f) => f.replace(/^functracer-.*?-(rawresults\.csv|run\.json)$/, '$1'))
        .sort(),
    ).toEqual(['rawresults.csv', 'run.json']);
  }, 120_000);

  for (const argv of [[], ['run', 'functracer/hello']]) {
    it(`TERM=dumb: ${['functracer', ...argv].join(' ')} prints plain lines, never a full-screen UI or cursor movement`, async () => {
      const cwd = tempDir('dumb');
      const bytes = path.join(cwd, 'pane-output');
      const tui = new TmuxTerminal(`dumb-${argv.length}`);
      terminal = tui;
      // A pause before the program starts, so the recording sees its first byte.
      const program = ['env', 'TERM=dumb', process.execPath, CLI, ...argv];
      await tui.start(['sh', '-c', 'sleep 0.5; exec "$@"', 'sh', ...program], { cwd, env: { FUNCTRACER_CONFIG_DIR: tempDir('config') } });
      await tui.record(bytes);
      await tui.waitForExit(QUIT_MS);
      const written = fs.readFileSync(bytes, 'utf8');
      const screen = await tui.joinedScrollback();
      if (argv.length === 0) {
        // Wrapped at a word to the 80 columns, never mid-word by the terminal.
        expect(screen).toContain('This terminal (TERM=dumb) cannot draw the full-screen UI: the commands print\nplain lines.');
        expect(screen).toContain('Usage: functracer');
      } else {
        expect(screen).toContain('Max memory usage');
      }
      // No escape sequence at all: no alternate screen, no cursor addressing, no colour.
      expect(written.length).toBeGreaterThan(100);
      expect(JSON.stringify(written.match(new RegExp(`${String.fromCharCode(27)}.{0,8}`, 'g')) ?? [])).toBe('[]');
    }, 60_000);
  }

  it('opens without an engine, says what to try, and quits', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    const cwd = tempDir('cwd');
    const tui = new TmuxTerminal('noengine');
    terminal = tui;
    await tui.start([process.execPath, CLI], { cwd, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', FUNCTRACER_CONFIG_DIR: cwd } });
    const screen = await tui.waitFor((s) => s.includes('engine: unreachable') && s.includes('2112×1584'), 15_000, 'the engine message');
    expect(screen).toContain('no Docker engine answers');
    expect(screen).toContain('2112×1584');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
  }, 60_000);
});
