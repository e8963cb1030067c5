import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { CLI } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf } from '../support/leftovers.js';
import { TmuxTerminal } from './tmux.js';

// The TUI has no --out: an output folder where no file can be made is refused when it is entered, and a
// bad one from a hand-edited settings file stops a trace before its container, naming the setting.

const docker = await engineForTests();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tui-out-'));
let terminal: TmuxTerminal | undefined;

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The screen's text with the rows a long message was wrapped over joined again. */
const joined = (screen: string) => screen.replace(/\s*\n\s*/g, ' ');

describeWithEngine('the Output folder setting in a real terminal', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/hello'] });
  }, 600_000);

  it('a bad folder fails the trace naming the setting, is refused when entered, and a good one traces', async () => {
    const cwd = fs.mkdtempSync(path.join(root, 'cwd-'));
    const config = fs.mkdtempSync(path.join(root, 'config-'));
    fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ outDir: '/proc/functracer-nope' }));
    const tui = new TmuxTerminal('out-folder');
    terminal = tui;
    await tui.start([process.execPath, CLI], { cwd, env: { FUNCTRACER_CONFIG_DIR: config } });
    const pid = await tui.pid();
    await tui.waitFor((s) => s.includes('engine: ready') && s.includes('functracer/hello'), 20_000, 'the image list');
    await tui.keys('/');
    await tui.type('functracer/hello');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('Images (1)') && s.includes('› functracer/hello'), 5000, 'hello alone in the list');

    await tui.keys('Enter');
    const failed = joined(await tui.waitFor((s) => s.includes('✘'), 20_000, 'the failed trace'));
    expect(failed).toContain('✘ Output folder /proc/functracer-nope cannot be used as an output folder');
    expect(failed).toContain('Change the Output folder setting (c on the home screen)');
    expect(failed).not.toContain('--out');
    expect(failed).not.toContain('waiting for the first sample');
    expect(await containersOf(docker, pid)).toBe(0);

    // To the settings: the cost screen from home, the last field.
    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · images'), 5000, 'home again');
    await tui.keys('c');
    await tui.waitFor((s) => s.includes('Output folder') && s.includes('/proc/functracer-nope'), 5000, 'the settings');
    await tui.keys('G', 'Enter', 'C-u');
    await tui.type('/proc/nope');
    await tui.keys('Enter');
    const refused = joined(await tui.waitFor((s) => s.includes('✘'), 5000, 'the refusal'));
    expect(refused).toContain('✘ Output folder /proc/nope cannot be used as an output folder');
    // The edit goes on: the field keeps its cursor, and the bar offers saving.
    expect(refused).toMatch(/Output folder +\/proc\/nope▏/);
    expect(refused).toContain('Enter save  Esc cancel');
    await tui.keys('C-u');
    await tui.type('kept');
    await tui.keys('Enter');
    await tui.waitFor((s) => /Output folder +kept/.test(s) && !s.includes('Enter saves'), 5000, 'the saved folder');

    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · images'), 5000, 'home again');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('Max memory usage'), 30_000, 'the report');
    await tui.keys('q');
    await tui.waitForExit(20_000);
    expect(fs.readdirSync(path.join(cwd, 'kept')).some((f) => f.endsWith('-rawresults.csv'))).toBe(true);
    expect(await containersOf(docker, pid)).toBe(0);
  }, 120_000);
});
