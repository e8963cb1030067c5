import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { CLI } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { containersOf } from '../support/leftovers.js';
import { plantHostRecord, plantRecord } from '../support/planted-record.js';
import { TmuxTerminal } from './tmux.js';

const docker = await engineForTests();
const QUIT_MS = 20_000;
let terminal: TmuxTerminal | undefined;
const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-planted-${name}-`));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describeWithEngine('a run record planted in the traces folder, in a real terminal', docker, () => {
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
  }, 600_000);

  it('m, h and p refuse the one that mounts / and ask before the one that wants the host network; nothing runs', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    const cwd = tempDir('cwd');
    const traces = path.join(cwd, 'traces');
    const markers = tempDir('markers');
    const rootMarker = path.join(markers, 'via-root');
    const askMarker = path.join(markers, 'asked');
    // Oldest first in the list is last: the refused one is listed first (newest), the asking one second.
    plantRecord(traces, 'functracer-20261202-090000-1-1', { networkMode: 'host', entrypoint: ['/bin/sh'], binds: [`${markers}:/out`] }, [
      '-c',
      'id > /out/asked',
    ]);
    const refusedCsv = plantHostRecord(traces, 'functracer-20261202-090100-1-1', rootMarker);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(refusedCsv, later, later);

    const tui = new TmuxTerminal('planted');
    terminal = tui;
    await tui.start([process.execPath, CLI], { cwd, env: { FUNCTRACER_CONFIG_DIR: tempDir('config') } });
    const pid = await tui.pid();
    await tui.waitFor((s) => s.includes('engine: ready') && s.includes('Recorded traces (2)'), 20_000, 'the two planted traces listed');
    await tui.keys('Tab', 'Tab', 'Tab', 'Enter');
    await tui.waitFor((s) => s.includes('functracer · trace') && s.includes('090100') && s.includes('h hull'), 10_000, 'the refused trace');
    for (const [key, action] of [
      ['m', 'multi-run'],
      ['h', 'hull training'],
      ['p', 'power tuning'],
    ] as const) {
      await tui.keys(key);
      const shown = await tui.waitFor((s) => s.includes(`No ${action}: this record is not run again`), 5000, `${key} refused`);
      expect(shown.replace(/[║\s]+/g, ' ')).toContain("it mounts /, which is the host's whole file system");
      // Enter is no Yes here; Enter on a multi-run screen would have started it.
      await tui.keys('Enter');
      await tui.waitFor((s) => s.includes('functracer · trace') && !s.includes('not run again'), 5000, 'the trace again');
    }
    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · images') && s.includes('› 12-02 09:01:00'), 5000, 'home');
    // A key sent as home comes back can arrive before its list listens again; j past the end stays on the last.
    for (let i = 0; i < 20 && !(await tui.screen()).includes('› 12-02 09:00:00'); i++) await tui.keys('j');
    await tui.waitFor((s) => s.includes('› 12-02 09:00:00'), 5000, 'the second trace chosen');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('functracer · trace') && s.includes('090000') && s.includes('m multi'), 10_000, 'the asking trace');
    for (const [key, no] of [
      ['m', 'Enter'],
      ['h', 'n'],
      ['p', 'Escape'],
    ] as const) {
      await tui.keys(key);
      const asked = await tui.waitFor((s) => s.includes('Run a recorded run again?') && s.includes('[ No ]'), 5000, `${key} asking`);
      const text = asked.replace(/[║\s]+/g, ' ');
      expect(text).toContain("• the host's network (it reaches every service on this machine)");
      expect(text).toContain('• the entrypoint "/bin/sh", not the image\'s own');
      await tui.keys(no);
      await tui.waitFor((s) => s.includes('functracer · trace') && !s.includes('Run a recorded run again?'), 5000, 'the trace again');
    }
    expect(await containersOf(docker!, pid)).toBe(0);
    await tui.keys('q');
    await tui.waitForExit(QUIT_MS);
    expect(await containersOf(docker!, pid)).toBe(0);
    // Neither plan wrote what it would have, and nothing new appeared in the traces folder.
    expect(fs.existsSync(rootMarker)).toBe(false);
    expect(fs.existsSync(askMarker)).toBe(false);
    expect(fs.readdirSync(traces).filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(2);
  }, 120_000);
});
