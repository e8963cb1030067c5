import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { TmuxTerminal } from './tmux.js';

/**
 * Issue 28's two reports in a real 80×24 terminal: a refused setting and the missing engine each drew a two-line
 * error over the rows above it, and a resize kept the damage. The error now has rows of its own: every row above
 * them stays as it was, and a resize lays the screen out again.
 */

let terminal: TmuxTerminal | undefined;
const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-layout-${name}-`));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The header, then the screen down to its message rows: 24 rows less the header, the bar, the spare row and 3. */
const ABOVE_MESSAGES = 24 - 5 - 1;
const rowsOf = (screen: string) => screen.split('\n');

/** The TUI with no engine to reach, in a folder of its own: what is tested here needs none. */
async function openTui(name: string): Promise<TmuxTerminal> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  const cwd = tempDir('cwd');
  const tui = new TmuxTerminal(name);
  terminal = tui;
  await tui.start([process.execPath, CLI], {
    cwd,
    env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', FUNCTRACER_CONFIG_DIR: tempDir('config') },
  });
  await tui.waitFor((s) => s.includes('engine: unreachable') && s.includes('Recorded traces'), 20_000, 'home without an engine');
  return tui;
}

describe('an error in a real terminal keeps every row above it', () => {
  it('Cost → Settings → Requests per month → 0 → Enter, then a resize', async () => {
    const tui = await openTui('cost');
    await tui.keys('c');
    await tui.waitFor((s) => s.includes('› Provider') && s.includes('Output folder'), 10_000, 'the settings');
    await tui.keys('j', 'Enter');
    await tui.waitFor((s) => s.includes('Enter saves'), 5000, 'the field open');
    await tui.keys(...Array<string>(12).fill('BSpace'), '0');
    const before = await tui.waitFor((s) => /Requests per month +0▏/.test(s), 5000, 'the 0 typed');
    await tui.keys('Enter');
    const after = await tui.waitFor((s) => s.includes('✘ Requests per month got "0"'), 5000, 'the refusal');
    expect(rowsOf(after).slice(0, ABOVE_MESSAGES)).toEqual(rowsOf(before).slice(0, ABOVE_MESSAGES));
    expect(after).not.toContain('cancelsraces');
    expect(after).toMatch(/Output folder +traces/);
    expect(after).toContain('No trace to price yet');
    // The whole error, on the rows kept for it.
    expect(
      rowsOf(after)
        .slice(ABOVE_MESSAGES, ABOVE_MESSAGES + 3)
        .join(' '),
    ).toContain('✘ Requests per month got "0". Try: Give a whole number from 1 to 10^15');

    // A resize lays the screen out again: at 60×20 every setting, the error and the bar are there, nothing drawn twice.
    await tui.resize(60, 20);
    // The redraw a resize starts may be caught half-written on a busy machine: wait for the frame with its title.
    const laidOut = (s: string) =>
      rowsOf(s).every((line) => [...line].length <= 60) && s.includes('Esc cancel') && s.includes('Settings (');
    const small = await tui.waitFor(laidOut, 5000, '60×20');
    expect(small).toMatch(/Output folder +traces/);
    expect(small).toMatch(/Requests per month +0▏/);
    expect(small).toContain('✘ Requests per month got "0"');
    expect(small.match(/Settings \(/g)).toHaveLength(1);
  }, 60_000);

  it('DOCKER_HOST names no engine, Enter on an image: the list, the inputs and the traces stay', async () => {
    const tui = await openTui('engine');
    const before = await tui.waitFor((s) => s.includes('sample-5mb.jpg') && s.includes('Recorded traces (0)'), 20_000, 'the lists read');
    await tui.keys('Enter');
    const after = await tui.waitFor((s) => s.includes('✘ nothing can run without the engine'), 5000, 'the refusal');
    expect(rowsOf(after).slice(0, ABOVE_MESSAGES)).toEqual(rowsOf(before).slice(0, ABOVE_MESSAGES));
    expect(after).toContain('› functracer/compress');
    expect(after).toContain('sample-1mb.jpg');
    expect(
      rowsOf(after)
        .slice(ABOVE_MESSAGES, ABOVE_MESSAGES + 3)
        .join(' '),
    ).toContain('no Docker engine answers at unix:///nonexistent/docker.sock');
  }, 60_000);
});

describe('the recorded traces in a real 120×40 terminal', () => {
  it('fill the taller pane, and d deletes one trace with its siblings, asking first, leaving a planted link', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    const cwd = tempDir('cwd');
    const out = path.join(cwd, 'traces');
    fs.mkdirSync(out);
    const stem = (i: number) =>
      path.join(out, `functracer-20260101-0${String(Math.floor(i / 60)).padStart(3, '0')}${String(i % 60).padStart(2, '0')}-1-1`);
    for (let i = 0; i < 110; i++) fs.writeFileSync(`${stem(i)}-rawresults.csv`, '00:00:00.000,0\n00:00:00.001,0\n');
    // The newest, listed first: its record and output beside it, the output a link planted to a file elsewhere.
    const newest = stem(110);
    const precious = path.join(tempDir('elsewhere'), 'precious.txt');
    fs.writeFileSync(precious, 'keep me');
    fs.writeFileSync(`${newest}-rawresults.csv`, '00:00:00.000,0\n00:00:00.001,0\n');
    fs.writeFileSync(`${newest}-run.json`, '{}');
    fs.symlinkSync(precious, `${newest}-output.txt`);
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(`${newest}-rawresults.csv`, future, future);

    const tui = new TmuxTerminal('traces', { columns: 120, rows: 40 });
    terminal = tui;
    await tui.start([process.execPath, CLI], {
      cwd,
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', FUNCTRACER_CONFIG_DIR: tempDir('config') },
    });
    const home = await tui.waitFor((s) => s.includes('Recorded traces (111)'), 20_000, 'the traces listed');
    expect(home.split('\n').filter((line) => /\d\d-\d\d \d\d:\d\d:\d\d {2}(\d+|under 1) KB/.test(line)).length).toBeGreaterThanOrEqual(20);

    await tui.keys('Tab', 'Tab', 'Tab');
    await tui.waitFor((s) => s.includes('d delete'), 5000, 'the traces pane focused');
    await tui.keys('d');
    const asked = await tui.waitFor((s) => s.includes('Delete a recorded trace?'), 5000, 'the question');
    const name = path.basename(newest);
    expect(asked).toContain(`${name}-rawresults.csv`);
    expect(asked).toContain(`${name}-run.json`);
    expect(asked).toMatch(new RegExp(`${name}-output\\.txt: a symbolic link, which functracer never removes`));
    // Nothing goes before the answer.
    expect(fs.existsSync(`${newest}-rawresults.csv`)).toBe(true);
    await tui.keys('y');
    await tui.waitFor((s) => s.includes('Recorded traces (110)') && s.includes('Deleted'), 5000, 'the deletion');
    expect(fs.existsSync(`${newest}-rawresults.csv`)).toBe(false);
    expect(fs.existsSync(`${newest}-run.json`)).toBe(false);
    expect(fs.lstatSync(`${newest}-output.txt`).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
    expect(fs.readdirSync(out)).toHaveLength(111);
  }, 60_000);
});
