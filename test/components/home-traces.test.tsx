import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices, TraceFile } from '../../src/app/services.js';
import type { TraceDeletion } from '../../src/app/trace-deletion.js';
import { CWD, fakeEngine, fakeServices, memshapeTrace, sampleStatuses, scriptedJob } from './support/fakes.js';
import { renderHome } from './support/home.js';
import { KEY, press, waitForFrame } from './support/keys.js';

afterEach(() => cleanup());

/** `n` recorded traces, a second apart, newest first, each with what ran. */
function traces(n: number): TraceFile[] {
  return Array.from({ length: n }, (_, i) => {
    const stamp = `20260101-00${String(Math.floor((n - i) / 60)).padStart(2, '0')}${String((n - i) % 60).padStart(2, '0')}`;
    const name = `functracer-${stamp}-1-1-rawresults.csv`;
    return {
      name,
      path: path.join(CWD, 'traces', name),
      bytes: 30_000,
      modifiedMs: n - i,
      run: { image: 'functracer/memshape', args: [`0:${i}`] },
    };
  });
}

function home(size: { width: number; height: number }, services: Partial<AppServices>) {
  const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);
  return renderHome(
    { ...size, color: false, active: true },
    {
      services: fakeServices(engine, services),
      engine: { status: 'ready', engine },
      samples: { phase: 'ready', statuses: sampleStatuses(), rows: [] },
    },
  );
}

const listed = (frame: string) => frame.split('\n').filter((line) => /\d\d-\d\d \d\d:\d\d:\d\d {2}memshape/.test(line)).length;

describe('the recorded traces on home', () => {
  it('grow with the terminal: 120×40 with 120 traces shows many, 80×24 a few, each screen filled exactly', async () => {
    const many = traces(120);
    const big = home({ width: 120, height: 38 }, { listTraceFiles: async () => many });
    const tall = await waitForFrame(big.lastFrame, (f) => f.includes('Recorded traces (120)') && f.includes('alpine'));
    expect(listed(tall)).toBeGreaterThanOrEqual(20);
    expect(tall.split('\n')).toHaveLength(38);
    // The images keep every row they need.
    expect(tall).toContain('alpine:3.20');
    big.unmount();
    const small = home({ width: 80, height: 22 }, { listTraceFiles: async () => many });
    const short = await waitForFrame(small.lastFrame, (f) => f.includes('Recorded traces (120)') && f.includes('alpine'));
    expect(listed(short)).toBeGreaterThanOrEqual(3);
    expect(listed(short)).toBeLessThan(listed(tall));
    expect(short.split('\n')).toHaveLength(22);
  });

  it('d asks first, naming the files; n keeps them; y deletes them and the list is read again', async () => {
    let list = traces(3);
    const deleted: string[][] = [];
    const plan = (trace: string): TraceDeletion => ({
      folder: path.join(CWD, 'traces'),
      files: ['-rawresults.csv', '-run.json', '-output.txt'].map((end, i) => ({
        path: trace.replace(/-rawresults\.csv$/, end),
        name: path.basename(trace).replace(/-rawresults\.csv$/, end),
        bytes: 1000 * (i + 1),
        dev: 1,
        ino: i,
      })),
      kept: [],
    });
    const app = home(
      { width: 80, height: 22 },
      {
        listTraceFiles: async () => list,
        planTraceDeletion: async (trace) => plan(trace),
        deleteTraceFiles: async (asked) => {
          deleted.push(asked.files.map((f) => f.name));
          list = list.filter((t) => t.path !== asked.files[0]!.path);
          return { deleted: asked.files.map((f) => f.name), kept: [] };
        },
      },
    );
    await waitForFrame(app.lastFrame, (f) => f.includes('Recorded traces (3)'));
    await press(app, KEY.tab, KEY.tab, KEY.tab);
    await waitForFrame(app.lastFrame, (f) => f.includes('d delete'));
    await press(app, 'j', 'd');
    const asked = await waitForFrame(app.lastFrame, (f) => f.includes('Delete a recorded trace?'));
    const second = list[1]!.name.replace(/-rawresults\.csv$/, '');
    for (const end of ['-rawresults.csv', '-run.json', '-output.txt']) expect(asked).toContain(`${second}${end}`);
    expect(asked).toContain('y delete');
    await press(app, 'n');
    await waitForFrame(app.lastFrame, (f) => f.includes('Recorded traces (3)') && !f.includes('Delete a recorded trace?'));
    expect(deleted).toEqual([]);
    await press(app, 'd');
    await waitForFrame(app.lastFrame, (f) => f.includes('Delete a recorded trace?'));
    await press(app, 'y');
    const after = await waitForFrame(app.lastFrame, (f) => f.includes('Recorded traces (2)') && f.includes('Deleted'));
    expect(deleted).toEqual([[`${second}-rawresults.csv`, `${second}-run.json`, `${second}-output.txt`]]);
    expect(after.replace(/\s*\n/g, ' ')).toContain(`Deleted ${second}-rawresults.csv, ${second}-run.json, ${second}-output.txt`);
  });
});

describe('the output folder', () => {
  it('world-writable as home opens: said at once, whole at 80×24, and gone at the next key', async () => {
    const warning = 'world-writable without the sticky bit: other users can replace or remove the files written there';
    const seen: string[] = [];
    const view = home({ width: 80, height: 24 }, { folderWarning: (dir) => (seen.push(dir), warning) });
    const frame = await waitForFrame(view.lastFrame, (f) => f.includes('sticky bit'));
    expect(seen).toEqual(['traces']);
    const text = frame.replace(/[│║\s]+/g, ' ');
    expect(text).toContain(`the Output folder traces is ${warning}`);
    expect(text).toContain('change the Output folder setting (c on home) to a folder of your own');
    await press(view, 'j');
    await waitForFrame(view.lastFrame, (f) => !f.includes('sticky bit'));
  });
});
