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
    const small = await tui.waitFor((s) => rowsOf(s).every((line) => [...line].length <= 60) && s.includes('Esc cancel'), 5000, '60×20');
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
