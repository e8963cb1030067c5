import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { CLI, runCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf, expectClosedTrace, rawCsvsIn } from '../support/leftovers.js';
import { TmuxTerminal } from './tmux.js';

const docker = await engineForTests();
// Quitting waits for the container to be removed, which a busy engine can take seconds over.
const QUIT_MS = 20_000;
let terminal: TmuxTerminal | undefined;
const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-tui-invoke-${name}-`));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The chart's row of phase labels, under its time axis: `init │1 …` or `N more │7 …`. */
const labels = (screen: string) => screen.split('\n').find((line) => /^ +(init|\d+ more)( {2}|$)/.test(line)) ?? '';
const labelled = (screen: string, n: number) => new RegExp(`│${n}(\\D|$)|(^|\\D)${n}│`).test(labels(screen));

/** Every line fits 80 columns, and the header, title and bar are not cut. */
function expectWhole(screen: string, what: string): void {
  const lines = screen.trimEnd().split('\n');
  for (const line of lines) expect([...line].length, what).toBeLessThanOrEqual(80);
  for (const line of [lines[0]!, lines[1]!, lines.at(-1)!]) expect(line, `${what}: ${line}`).not.toMatch(/…\s*$/);
}

describeWithEngine('the TUI traces an invoked function in a real terminal', docker, () => {
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
  }, 600_000);

  it('lambda-c with its three example events: each phase marked as it begins, then the invocations; x and q stop one mid-way', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    const cwd = tempDir('cwd');
    const tui = new TmuxTerminal('invoke');
    terminal = tui;
    await tui.start([process.execPath, CLI], { cwd, env: { FUNCTRACER_CONFIG_DIR: tempDir('config') } });
    const pid = await tui.pid();
    await tui.waitFor((s) => s.includes('engine: ready') && s.includes('functracer/lambda-c'), 20_000, 'the image list');
    await tui.keys('/');
    await tui.type('lambda-c');
    await tui.keys('Enter');
    const home = await tui.waitFor((s) => s.includes('› functracer/lambda-c') && s.includes('Events'), 5000, 'lambda-c and its options');
    expect(home).toMatch(/Events +\S*lambda-events\.jsonl/);
    await tui.keys('Enter');

    // Each phase as it begins: the header says which is in course, the label row marks where it began.
    await tui.waitFor((s) => /^ +init( |$)/m.test(s) && s.includes('functracer/lambda-c  ·'), 20_000, 'init marked');
    for (const n of [1, 2, 3]) {
      const seen = await tui.waitFor((s) => labelled(s, n), 20_000, `invocation ${n} marked`);
      expectWhole(seen, `invocation ${n}`);
    }
    const done = await tui.waitFor((s) => s.includes('finished · 3 of 3 answered'), 30_000, 'the report');
    expectWhole(done, 'the report');
    expect(labels(done)).toMatch(/^ +init +│1 +│2 +│3/);
    // invoke's own rows: the events asked for 16, 64 and 32 MiB; each peak is that and lambda-c's own MiB or so.
    expect(done).toMatch(/^ +1 +cold +[\d.,]+ ms +[\d,]+ ms +1[67]\.\d MiB +[\d.,]+ ms +response/m);
    expect(done).toMatch(/^ +2 +warm +[\d.,]+ ms +[\d,]+ ms +6[45]\.\d MiB +response/m);
    // The third row is one line below the pane at 80×24: j scrolls the report.
    await tui.keys('j');
    const third = await tui.waitFor((s) => /^ +3 +warm/m.test(s), 5000, 'the third invocation');
    expect(third).toMatch(/^ +3 +warm +[\d.,]+ ms +[\d,]+ ms +3[23]\.\d MiB +response/m);
    await tui.keys('G');
    const end = await tui.waitFor((s) => s.includes('Responses'), 5000, "the report's end");
    // Priced as invoke prices them: 1M invocations on every provider, its init billed by each one's rule.
    expect(end).toMatch(/^Cheapest: \S+ at [\d,]+ MB, \$[\d.,]+ per 1,000,000 invocations/m);
    expect(end).toMatch(/^Raw trace +\S*traces\//m);
    expect(await containersOf(docker!, pid)).toBe(0);

    // Again, stopped during the second invocation (each holds its memory 400 ms): what ran is reported.
    await tui.keys('r');
    await tui.waitFor((s) => s.includes('invocation 2 of 3'), 20_000, 'the second invocation in course');
    await tui.keys('x');
    const stopped = await tui.waitFor((s) => s.includes('stopped · 1 of 3 answered'), QUIT_MS, 'the stopped session');
    expect(stopped).toMatch(/^ +2 +warm .* interrupted/m);
    expectWhole(stopped, 'stopped');
    expect(await containersOf(docker!, pid)).toBe(0);
    // Once more, and q during the first invocation: the container removed before functracer exits, the trace kept.
    await tui.keys('r');
    await tui.waitFor((s) => s.includes('invocation 1 of 3'), 20_000, 'the first invocation in course');
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(docker!, pid)).toBe(0);
    const csvs = rawCsvsIn(path.join(cwd, 'traces'));
    expect(csvs).toHaveLength(3);
    for (const csv of csvs) expectClosedTrace(csv);
    expect(fs.readdirSync(path.join(cwd, 'traces')).filter((f) => f.endsWith('-responses.jsonl'))).toHaveLength(2);
  }, 180_000);

  it('an invoked trace read back opens on the cost screen priced per invocation, as cost --trace prices it, at 80×24', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    const cwd = tempDir('cost-cwd');
    const events = path.join(cwd, 'events.jsonl');
    fs.writeFileSync(events, [16, 64, 32].map((mb) => JSON.stringify({ mb, ms: 5 })).join('\n'));
    const invoked = await runCli(['invoke', '--memory', '256m', '--out', 'traces', '--event', events, 'functracer/lambda-c'], { cwd });
    expect(invoked.code, invoked.stderr).toBe(0);
    const [csv] = rawCsvsIn(path.join(cwd, 'traces'));
    // The screen's table is 75 columns wide at 80: the pane's borders, the cursor and the ✓ take five.
    const cost = await runCli(['cost', '--trace', csv!], { cwd, env: { COLUMNS: '75' } });
    expect(cost.code, cost.stderr).toBe(0);
    const cli = cost.stdout.trimEnd().split('\n');

    const tui = new TmuxTerminal('invoke-cost');
    terminal = tui;
    await tui.start([process.execPath, CLI], { cwd, env: { FUNCTRACER_CONFIG_DIR: tempDir('cost-config') } });
    await tui.waitFor((s) => s.includes('engine: ready') && s.includes('Recorded traces (1)'), 20_000, 'the recorded trace listed');
    await tui.keys('Tab', 'Tab', 'Tab', 'Enter');
    await tui.waitFor((s) => s.includes('functracer · trace') && s.includes('c cost'), 10_000, 'the recorded trace, with c');
    await tui.keys('c');
    const screen = await tui.waitFor((s) => s.includes('Cost of 1,000,000 invocations'), 10_000, 'the cost screen');
    expectWhole(screen, 'the cost screen');
    expect(screen).toMatch(/3 invocations, 1 cold · 256 MB/);
    // Every line of cost --trace's text the pane shows is that text, in its order: the title, the header, the rows.
    const shown = screen.split('\n').map((line) =>
      line
        .replace(/^[║│](?:(?:› | {2})[ ✓]?)?/, '')
        .replace(/ *[║│]$/, '')
        .trimEnd(),
    );
    const header = cli.findIndex((line) => line.startsWith('provider '));
    const at = shown.indexOf(cli[0]!);
    expect(at).toBeGreaterThan(0);
    expect(shown.slice(at, at + header + 4)).toEqual(cli.slice(0, header + 4));
    // G goes to the end of the list: cost --trace's last line, the cheapest, then the note on the defaults.
    await tui.keys('G');
    const end = await tui.waitFor((s) => s.includes('--package-type'), 5000, "the list's end");
    expect(end).toContain(cli.at(-1)!);
    expectWhole(end, "the list's end");
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
  }, 120_000);
});
