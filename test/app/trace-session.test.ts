import { describe, expect, it } from 'vitest';
import { TraceSession } from '../../src/app/trace-session.js';
import { UserError } from '../../src/core/errors.js';
import { HOME, currentRoute, popRoute, pushRoute, sourcesOn } from '../../src/app/navigation.js';
import { createCost } from '../../src/app/screens/cost/actions.js';
import { editText } from '../../src/app/text-edit.js';
import { splitKeys } from '../../src/app/key-split.js';
import { memshapeTrace, scriptedJob, tempSettings } from '../components/support/fakes.js';
import { createTrace } from '../../src/app/screens/trace/actions.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { whenSnapshot } from '../support/snapshots.js';

const key = (over: Record<string, boolean> = {}) => ({ ...splitKeys('ab', {} as never)[0]!.key, ...over });

describe('TraceSession', () => {
  it('goes idle → running → finished, with the trace growing in place', async () => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(300), { batch: 100, everyMs: 1 }).job, 256 * 1024 * 1024);
    expect(session.getSnapshot().phase).toBe('idle');
    const seen: number[] = [];
    session.subscribe(() => seen.push(session.getSnapshot().samples));
    session.start();
    expect(session.getSnapshot().phase).toBe('running');
    await whenSnapshot(session, (s) => s.phase !== 'running', 'the run ends');
    const done = session.getSnapshot();
    expect(done.phase).toBe('finished');
    expect(done.result?.interrupted).toBe(false);
    expect(done.samples).toBe(300);
    expect(done.allocatedBytes).toBe(256 * 1024 * 1024);
    expect(seen.length).toBeGreaterThan(1);
  });

  it.each([
    [{ exitCode: 3 }, 'exited 3'],
    [{ exitCode: 137, oomKilled: true }, 'killed: out of memory'],
    [{ exitCode: 0 }, 'finished'],
  ])('says how the run ended, not "finished" for a function that failed: %j', async (ending, status) => {
    const session = new TraceSession('memshape', scriptedJob(memshapeTrace(20), { batch: 10, everyMs: 1, ending }).job);
    session.start();
    await whenSnapshot(session, (s) => s.phase !== 'running', 'the run ends');
    expect(session.getSnapshot()).toMatchObject({ phase: 'finished', status });
  });

  it('keeps a user error as a screen error with its hint', async () => {
    const session = new TraceSession('x', scriptedJob(memshapeTrace(1), { fail: new UserError('no image', 'pull it') }).job);
    session.start();
    await whenSnapshot(session, (s) => s.phase !== 'running', 'the run ends');
    expect(session.getSnapshot()).toMatchObject({ phase: 'failed', error: { message: 'no image', hint: 'pull it', bug: false } });
  });

  it('stops a run: the job sees the abort and the result says interrupted', async () => {
    const scripted = scriptedJob(memshapeTrace(100_000), { batch: 10, everyMs: 1 });
    const session = new TraceSession('long', scripted.job);
    session.start();
    // Stopped while it goes: once its first samples are in.
    await whenSnapshot(session, (s) => s.samples > 0, 'samples come');
    await session.stop();
    expect(scripted.lastSignal()?.aborted).toBe(true);
    expect(session.getSnapshot().result?.interrupted).toBe(true);
  });
});

describe('navigation', () => {
  it('is a stack with home at the bottom', () => {
    const session = new TraceSession('t', scriptedJob(memshapeTrace(1)).job);
    const model = createTrace({ settings: { get: () => DEFAULT_SETTINGS, subscribe: () => () => {} } }, session);
    const cost = createCost({ settings: tempSettings(), checkOutDir: () => undefined }, session);
    const stack = pushRoute(pushRoute(HOME, { screen: 'trace', source: session, model }), { screen: 'cost', source: session, model: cost });
    expect(currentRoute(stack).screen).toBe('cost');
    expect(sourcesOn(stack)).toEqual([session, session]);
    expect(popRoute(popRoute(popRoute(stack)))).toEqual(HOME);
  });
});

describe('keys and text fields', () => {
  it('splits a burst of keys into single presses', () => {
    expect(splitKeys('jj\r', key()).map((p) => [p.input, p.key.return])).toEqual([
      ['j', false],
      ['j', false],
      ['', true],
    ]);
    expect(splitKeys('x', key())).toHaveLength(1);
    expect(splitKeys('\t\x15', key()).map((p) => [p.input, p.key.tab, p.key.ctrl])).toEqual([
      ['', true, false],
      ['u', false, true],
    ]);
  });

  it('edits a one-line field', () => {
    expect(editText('25', '6', key())).toEqual({ value: '256' });
    expect(editText('256', '', key({ delete: true }))).toEqual({ value: '25' });
    expect(editText('256', '', key({ return: true }))).toEqual({ value: '256', done: 'commit' });
    expect(editText('256', '', key({ escape: true }))).toEqual({ value: '256', done: 'cancel' });
    expect(editText('a', 'b\nc', key())).toEqual({ value: 'ab c' });
  });
});
