import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { CLI } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { TmuxTerminal } from './tmux.js';

const docker = await engineForTests();
let terminal: TmuxTerminal | undefined;

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
});

/** Runs one command in a real 80×24 terminal until it exits; returns every line it wrote, as long as it wrote them, and the last screen. */
async function inTerminal(name: string, args: string[]): Promise<{ lines: string[]; screen: string }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-80-${name}-`));
  // A test that runs two commands would otherwise leave the first one's tmux server behind.
  await terminal?.kill();
  const tui = new TmuxTerminal(`cli-${name}`);
  terminal = tui;
  await tui.start([process.execPath, CLI, ...args], { cwd });
  await tui.waitForExit(120_000, `functracer ${args.join(' ')} to finish`);
  const joined = await tui.joinedScrollback(2000);
  return { lines: joined.trimEnd().split('\n'), screen: await tui.screen() };
}

function expectFits(lines: string[]): void {
  const over = lines.filter((line) => [...line.trimEnd()].length > 80);
  expect(over).toEqual([]);
}

describeWithEngine('every command in an 80×24 terminal', docker, () => {
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
  }, 600_000);

  it('run: no line passes 80 columns, and the last screen shows the peak, the runtime and the cheapest cost', async () => {
    const { lines, screen } = await inTerminal('run', ['run', '--out', 'out', 'functracer/memshape', '0:100', '48:400']);
    expectFits(lines);
    expect(screen).toMatch(/^Max memory usage +[\d,]+ bytes/m);
    expect(screen).toMatch(/^Container runtime +[\d,.]+ ms/m);
    expect(screen).toMatch(/^Cheapest: [a-z0-9-]+, \$[\d.,]+ per 1M requests/m);
  }, 120_000);

  it('run: a mistyped image is one line, printed once, and leaves nothing of the live screen', async () => {
    const { lines } = await inTerminal('typo', ['run', 'functracer/helo']);
    expect(lines).toEqual(['functracer: there is no image functracer/helo. Did you mean functracer/hello?']);
  }, 120_000);

  it('run: a failure after the live screen opened erases it, and the error is printed once, under the prompt', async () => {
    const { lines } = await inTerminal('failed', ['run', '--out', '/proc/nope/traces', 'functracer/hello']);
    expectFits(lines);
    expect(lines.join('\n')).toMatch(
      /^functracer: --out \/proc\/nope\/traces cannot be used as an output folder: [^\n]*(\n {2}\S[^\n]*)*$/,
    );
  }, 120_000);

  it('cost and providers', async () => {
    const cost = await inTerminal('cost', ['cost', '--duration-ms', '2002', '--memory-mb', '60', '--cpu-ms', '30']);
    expectFits(cost.lines);
    expect(cost.screen).toMatch(/^Cheapest: /m);
    const providers = await inTerminal('providers', ['providers']);
    expectFits(providers.lines);
    expect(providers.screen).toMatch(/^cloudflare-workers +cpu-time/m);
  }, 120_000);

  it('an error wraps at words to the terminal, and its hint is on the last screen', async () => {
    const { lines, screen } = await inTerminal('error', ['cost', '--provider', 'nope', '--duration-ms', '1', '--memory-mb', '1']);
    expectFits(lines);
    expect(lines.length).toBeGreaterThan(1);
    // The first line from the whole output: under load tmux can reflow the screen's top as the pane takes its size.
    expect(lines[0]).toMatch(/^functracer: unknown provider "nope"/);
    expect(lines.slice(1).every((line) => /^ {2}\S/.test(line))).toBe(true);
    expect(screen.trimEnd()).toMatch(/ cloudflare-workers$/);
  }, 120_000);

  it('samples alone lists them, descriptions wrapped under their column', async () => {
    const samples = await inTerminal('samples', ['samples']);
    expectFits(samples.lines);
    expect(samples.lines[0]).toMatch(/^NAME +BUILT +SIZE +DESCRIPTION$/);
    expect(samples.screen).toMatch(/^functracer\/memshape +yes +[\d.]+ MiB +holds set amounts of memory/m);
    expect(samples.screen).toMatch(/^ {20,}\S/m);
  }, 120_000);

  it('multi -n 2 and hull --runs 2', async () => {
    const multi = await inTerminal('multi', ['multi', '-n', '2', '--out', 'out', 'functracer/memshape', '16:200']);
    expectFits(multi.lines);
    expect(multi.screen).toMatch(/^Table: /m);
    const hull = await inTerminal('hull', ['hull', '--runs', '2', '--fixed', path.join(refDataDir(), 'sample-1mb.jpg'), '--out', 'out']);
    expectFits(hull.lines);
    expect(hull.screen).toMatch(/^Autotune a run with it:\n {2}functracer run --uhull /m);
  }, 180_000);
});
