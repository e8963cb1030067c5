import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { NO_KEY, type KeyPress } from '../../src/app/key-split.js';
import { planInvoke } from '../../src/app/invoke-form.js';
import { InvokeTraceSession, type LambdaSnapshot, type PhaseMark } from '../../src/app/invoke-session.js';
import { lambdaStatus, liveLines } from '../../src/app/present/lambda-live.js';
import { phaseRow, withMarkers } from '../../src/app/present/phase-marks.js';
import { traceKeys } from '../../src/app/screens/trace/keys.js';
import { initialTrace, traceReport, type TraceState } from '../../src/app/screens/trace/state.js';
import { traceView } from '../../src/app/screens/trace/view-model.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { openTraceFile } from '../../src/app/file-service.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import type { SessionSnapshot } from '../../src/app/trace-session.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';
import { formatInvokeReport } from '../../src/report/invoke-report.js';
import { priceInvokeSession } from '../../src/ops/invocation-prices.js';
import { today } from '../../src/core/cost/init-billing.js';
import { scriptedInvokeJob } from '../components/support/invoke.js';

/**
 * The phases invokeFunction told as they began, tracing functracer/lambda-c with ref-data/lambda-events.jsonl (16,
 * 64 and 32 MiB, each held 400 ms) on this machine, 2026-12-07: ms after the trace's start row. The run's record
 * gave every phase the same start.
 */
const RECORDED: PhaseMark[] = [
  { container: 0, name: 'init', atMs: 0.882 },
  { container: 0, name: 'idle', atMs: 3.559 },
  { container: 0, name: 'invoke', atMs: 8.582, invocation: 1 },
  { container: 0, name: 'idle', atMs: 419.365, invocation: 1, outcome: 'response' },
  { container: 0, name: 'invoke', atMs: 420.76, invocation: 2 },
  { container: 0, name: 'idle', atMs: 860.039, invocation: 2, outcome: 'response' },
  { container: 0, name: 'invoke', atMs: 861.083, invocation: 3 },
  { container: 0, name: 'idle', atMs: 1280.852, invocation: 3, outcome: 'response' },
];
/** As the screen drew them during the third invocation. */
const LIVE = RECORDED.slice(0, 7);

const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });

function trace(ms: number): Trace {
  const t = new Trace();
  for (let i = 0; i < ms; i++) t.append(i, (i > 3 && i < 412 ? 16.6 : 0.6) * MIB, 128 * MIB);
  return t;
}

function running(marks: PhaseMark[], ms = 900): SessionSnapshot {
  const lambda: LambdaSnapshot = { invocations: 3, marks };
  const t = trace(ms);
  return {
    phase: 'running',
    title: 'functracer/lambda-c',
    trace: t,
    samples: t.sampleCount,
    status: 'running',
    allocatedBytes: 128 * MIB,
    lambda,
  };
}

function state(snapshot: SessionSnapshot, size = { width: 80, height: 22 }): TraceState {
  const can = { rerun: true, back: true, cost: false, again: false, export: true };
  const initial = initialTrace({ snapshot, pricing: DEFAULT_SETTINGS, can, standalone: false, engineReady: true, cwd: '/fake' });
  return { ...initial, size };
}

describe("an invoked function's phases on the chart", () => {
  it('labels init at the origin and each invocation where it began, a marker column at each invocation', () => {
    const row = phaseRow(RECORDED, 71, 1000);
    expect(row.hidden).toBe(0);
    // Invocation 1 began 8.6 ms in, in the first of 71 columns over a second: init is labelled left of the axis.
    expect(row.row).toBe(`   init  │1${' '.repeat(27)}│2${' '.repeat(30)}│3${' '.repeat(8)}`);
    expect(row.markers).toEqual([0, 29, 61]);
  });

  it('keeps the newest labels when they are too many, and says how many are hidden', () => {
    const many: PhaseMark[] = [{ container: 0, name: 'init', atMs: 0 }];
    for (let i = 1; i <= 40; i++) many.push({ container: 0, name: 'invoke', atMs: i * 25, invocation: i });
    const row = phaseRow(many, 71, 1000);
    expect(row.row.slice(0, 9)).toMatch(/^ *\d+ more {2}$/);
    // The newest stands at the chart's last column: its number goes left of its marker.
    expect(row.row.endsWith('40│')).toBe(true);
    const shown = [...row.row.matchAll(/│(\d+)|(\d+)│/g)].map((m) => Number(m[1] ?? m[2]));
    expect(shown.at(-1)).toBe(40);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(row.hidden).toBe(40 - shown.length);
    expect(row.row.slice(0, 9).trim()).toBe(`${row.hidden} more`);
    expect([...row.row].length).toBe(80);
  });

  it('draws the markers in blank cells only, colour escapes taking no cell', () => {
    const plain = ['    1.0 ┤  ╭──', '    0.0 ┼──╯  '];
    expect(withMarkers(plain, [1, 4], false)).toEqual(['    1.0 ┤ │╭──', '    0.0 ┼──╯ │']);
    const coloured = ['    1.0 ┤\x1b[36m  ╭\x1b[0m'];
    expect(withMarkers(coloured, [0], true)[0]).toBe('    1.0 ┤\x1b[36m\x1b[2m│\x1b[22m ╭\x1b[0m');
    // A phase that began after the line's last sample is marked all the same.
    expect(withMarkers(['    1.0 ┤─'], [3], false)).toEqual(['    1.0 ┤─  │']);
  });
});

describe("an invoked function's header and keys", () => {
  it('says which phase is in course and how many answered, mark by mark', () => {
    const at = (n: number) => lambdaStatus({ invocations: 3, marks: RECORDED.slice(0, n) }, 'starting', true);
    expect(at(0)).toBe('starting');
    expect(at(1)).toBe('init · 0 of 3 answered');
    expect(at(2)).toBe('idle · 0 of 3 answered');
    expect(at(3)).toBe('invocation 1 of 3 · 0 of 3 answered');
    expect(at(4)).toBe('idle · 1 of 3 answered');
    expect(at(7)).toBe('invocation 3 of 3 · 2 of 3 answered');
    const failed: PhaseMark = { container: 0, name: 'idle', atMs: 900, invocation: 3, outcome: 'error' };
    expect(lambdaStatus({ invocations: 3, marks: [...LIVE, failed] }, 'running', true)).toBe('idle · 2 of 3 answered, 1 failed');
  });

  it('lists the invocations so far under the chart, the newest last', () => {
    expect(liveLines({ invocations: 3, marks: LIVE }).slice(1)).toEqual([
      'init         done',
      '   1  cold   response',
      '   2  warm   response',
      '   3  warm   in course',
    ]);
  });

  it('offers x while it runs; no billing canvas, cost or run again, which price and run a single run', () => {
    const live = state(running(LIVE));
    expect(intentOf(traceKeys.table(live), live, press('x'))).toEqual({ type: 'stop' });
    const view = traceView(live, { width: 80, height: 22 });
    expect(view.title.text).toBe('functracer/lambda-c  ·  invocation 3 of 3 · 2 of 3 answered');
    expect(view.lower.view).toBe('report');
    expect(view.lower.billing).toBeUndefined();
    expect(view.chart.phases?.markers).toHaveLength(3);
    const ended = state({ ...running(LIVE), phase: 'finished', status: 'finished' });
    expect(traceKeys.table(ended).map((entry) => entry.keys[0])).toEqual(['x', 'r', 'escape', 'tab', 'e', 'up', 'home']);
    expect(intentOf(traceKeys.table(ended), ended, press('', { tab: true }))).toBeUndefined();
  });

  it('read back from its trace, it is priced on the cost screen (c), with no billing canvas of one long run', async () => {
    const { source } = await openTraceFile(path.resolve(import.meta.dirname, '../fixtures/traces/invoked-rawresults.csv'));
    const can = { rerun: false, back: true, cost: true, again: false, export: true };
    const read = initialTrace({
      snapshot: source.getSnapshot(),
      pricing: DEFAULT_SETTINGS,
      can,
      standalone: false,
      engineReady: true,
      cwd: '/fake',
    });
    expect(read.snapshot.record?.lambda).toBeDefined();
    const view = traceView(read, { width: 80, height: 22 });
    expect(view.lower.view).toBe('report');
    expect(view.lower.billing).toBeUndefined();
    expect(intentOf(traceKeys.table(read), read, press('', { tab: true }))).toBeUndefined();
    expect(intentOf(traceKeys.table(read), read, press('c'))).toEqual({ type: 'cost' });
  });
});

describe('the invoke session on the trace screen', () => {
  it('marks each phase as it begins, then reports the invocations as functracer invoke does, its marks the record’s', async () => {
    const scripted = scriptedInvokeJob([16, 64, 32], { gated: true });
    const session = new InvokeTraceSession('functracer/lambda-c', 3, scripted.job, 128 * MIB);
    session.start();
    const marks = () => session.getSnapshot().lambda!.marks.map((m) => (m.name === 'invoke' ? m.invocation : m.name));
    await expectSoon(() => expect(marks()).toEqual(['init']));
    for (const invocation of [1, 2, 3]) {
      scripted.next();
      await expectSoon(() => expect(marks()).toContain(invocation));
    }
    scripted.next();
    await expectSoon(() => expect(session.getSnapshot().phase).toBe('finished'));
    const done = session.getSnapshot();
    const result = done.lambda!.result!;
    expect(done.result).toBe(result.runs[0]);
    expect(done.lambda!.marks.map((m) => m.atMs)).toEqual(result.runs[0]!.phases!.map((p) => p.startMs));
    const s = state(done);
    // Priced as invoke prices by default: 1M invocations, 1 % of them cold, on today's rules.
    const prices = priceInvokeSession(result, {
      requests: 1_000_000,
      freeTier: false,
      coldSharePct: 1,
      packageType: 'image',
      asOf: today(),
    });
    expect(prices).not.toBeNull();
    expect(traceReport(s)).toEqual(formatInvokeReport(result, 78, prices).split('\n'));
    expect(traceView(s, { width: 80, height: 22 }).title.text).toBe('functracer/lambda-c  ·  finished · 3 of 3 answered');
  });

  it('stopped mid-invocation, reports what ran, the one in course marked interrupted', async () => {
    const scripted = scriptedInvokeJob([16, 64, 32], { gated: true });
    const session = new InvokeTraceSession('functracer/lambda-c', 3, scripted.job, 128 * MIB);
    session.start();
    scripted.next();
    await expectSoon(() => expect(session.getSnapshot().lambda!.marks.some((m) => m.invocation === 1)).toBe(true));
    await session.stop();
    const done = session.getSnapshot();
    expect(done.status).toBe('stopped');
    expect(done.lambda!.result!.interrupted).toBe(true);
    expect(traceReport(state(done)).join('\n')).toMatch(/1 +cold .* interrupted/);
  });
});

describe("home's options as an invoke session", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-invoke-form-'));
  const file = (name: string, text: string) => (fs.writeFileSync(path.join(folder, name), text), name);
  const form = (events: string, invocations = '') => ({ volumes: '', scratchFrom: '', memory: '256m', args: '', events, invocations });

  it('reads the event files as invoke does, relative to where functracer started, one invocation per event by default', () => {
    const planned = planInvoke('functracer/lambda-c', form(file('three.jsonl', '{"mb":16}\n{"mb":64}\n{"mb":32}\n')), undefined, folder);
    expect(planned.events.map((e) => e.payload.toString())).toEqual(['{"mb":16}', '{"mb":64}', '{"mb":32}']);
    expect(planned.invocations).toBe(3);
    expect(planned.plan.spec.networkMode).toBe('auto');
    expect(planned.plan.spec.memoryBytes).toBe(256 * MIB);
    expect(planInvoke('functracer/lambda-c', form('', '5'), undefined, folder).events.map((e) => e.source)).toEqual([
      '(the empty event {})',
    ]);
  });

  it('refuses what invoke refuses, in one line naming the file or the field', () => {
    const bad = file('bad.jsonl', '{"mb":16}\n{"mb":\n');
    expect(() => planInvoke('x', form(bad), undefined, folder)).toThrow(/bad\.jsonl line 2 is not JSON/);
    expect(() => planInvoke('x', form('', '1001'), undefined, folder)).toThrow(/Invocations got "1001", which is more than 1,000/);
    expect(() => planInvoke('x', form('missing.json'), undefined, folder)).toThrow(/missing\.json/);
  });
});

const expectSoon = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 5 });
