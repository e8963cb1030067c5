import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSizes } from '../../src/core/cost/cpu.js';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { NO_KEY, splitKeys, type KeyPress } from '../../src/app/key-split.js';
import { planRun } from '../../src/app/run-form.js';
import { intentOf } from '../../src/app/screens/key-table.js';
import { tuneKeys, type TuneIntent } from '../../src/app/screens/tune/keys.js';
import { reduceTune, type TuneAction } from '../../src/app/screens/tune/reduce.js';
import { chosenTuneSize, initialTune, tuneLayout, type TuneState } from '../../src/app/screens/tune/state.js';
import { tuneView } from '../../src/app/screens/tune/view-model.js';
import { TuneSession, type TuneSnapshot } from '../../src/app/tune-session.js';
import { scriptedTuneJob } from '../components/support/jobs.js';
import { whenSnapshot } from '../support/snapshots.js';

afterEach(() => vi.useRealTimers());

// The built-ins, the settings' provider first, as `providerModels` gives them without the user's files.
const FIRST = PROVIDERS.find((p) => p.id === 'aws-lambda-x86')!;
const MODELS = [FIRST, ...PROVIDERS.filter((p) => p !== FIRST)];
const IDLE = initialTune(MODELS, { phase: 'idle', title: 'memshape', status: 'choose', arrived: [] }, '/fake/work');
const ROOM = { width: 80, height: 22, color: false };

const press = (input: string, key: Partial<KeyPress['key']> = {}): KeyPress => ({ input, key: { ...NO_KEY, ...key } });
const RIGHT = press('', { rightArrow: true });
const LEFT = press('', { leftArrow: true });
const ENTER = press('', { return: true });
const ESC = press('', { escape: true });
const TAB = press('', { tab: true });
/** What each key asks for, in the table in force, as the shell hands it over. */
const intent = (s: TuneState, key: KeyPress): TuneIntent | undefined => intentOf(tuneKeys.table(s), s, key) ?? tuneKeys.typing?.(s)?.(key);
const REACHING_OUT: readonly string[] = ['answer', 'stop', 'start', 'open-size', 'export', 'back'];

/** Keys as the shell hands them over: the last key's notice forgotten, then the key; only changes of state applied. */
function keys(state: TuneState, ...presses: (KeyPress | string)[]): TuneState {
  const all = presses.flatMap((p) => (typeof p === 'string' ? splitKeys(p, NO_KEY) : [p]));
  return all.reduce((s, key) => {
    const wanted = intent(s, key);
    if (!wanted || REACHING_OUT.includes(wanted.type)) return s;
    return reduceTune(reduceTune(s, { type: 'forget' }), wanted as TuneAction);
  }, state);
}

/** A finished tuning of memshape at 128 and 256 MB, one run each, from the scripted job. */
async function finished(): Promise<TuneSnapshot> {
  const plan = planRun('functracer/memshape', { volumes: '', scratchFrom: '', memory: '', args: '0:50' }, undefined, '/fake', {});
  const session = new TuneSession(plan.title, scriptedTuneJob(plan, { everyMs: 1 }));
  session.start({ provider: 'aws-lambda-x86', sizes: [128, 256], runs: 1 });
  return whenSnapshot(session, (s) => s.phase === 'finished', 'the tuning ends');
}

describe("the Tune screen's reducer and key table, without rendering", () => {
  it('Enter on the provider takes the next with its own sizes; on the sizes it edits them, every key after going to the field', () => {
    const next = keys(IDLE, ENTER);
    expect(next.form.provider).toBe(MODELS[1]!.id);
    expect(next.form.sizes).toBe(defaultSizes(MODELS[1]!).join(','));
    const editing = keys(IDLE, RIGHT, ENTER);
    expect(editing.editing).toEqual({ field: 'sizes', value: IDLE.form.sizes });
    // t would start a tuning outside the field; in it, it is a character the field cannot hold.
    const refused = keys(editing, '\x15128,t');
    expect(refused.editing?.value).toBe('128,');
    expect(refused.notice?.message).toBe('"t" cannot go into this field');
    const small = keys(refused, '32\r');
    expect(small.editing?.value).toBe('128,32');
    expect(small.notice?.message).toMatch(/sizes got 32 MB/);
    const kept = keys(small, '\x7f\x7f256\r');
    expect(kept.editing).toBeUndefined();
    expect(kept.notice).toBeUndefined();
    expect(kept.form.sizes).toBe('128,256');
    // Esc drops the edit, keeping the value before it.
    expect(keys(kept, RIGHT, ENTER, '\x159', ESC).form.runs).toBe(IDLE.form.runs);
    expect(keys(kept, RIGHT, ENTER, '\x159\r').form.runs).toBe('9');
  });

  it('the cursor stays on the form: ← at the provider and → at the runs go nowhere', () => {
    expect(keys(IDLE, LEFT).cursor).toBe(0);
    expect(keys(IDLE, RIGHT, RIGHT, RIGHT, RIGHT).cursor).toBe(2);
  });

  it('the table in force follows the tuning: the form, a run going, a question asked', () => {
    expect(intent(IDLE, press('t'))).toEqual({ type: 'start' });
    expect(intent(IDLE, press('x'))).toBeUndefined();
    expect(intent(IDLE, press('y'))).toBeUndefined();
    const running = reduceTune(IDLE, { type: 'snapshot', snapshot: { ...IDLE.snapshot, phase: 'running' } });
    expect(intent(running, press('t'))).toBeUndefined();
    expect(intent(running, press('x'))).toEqual({ type: 'stop' });
    // The form waits for the tuning: Enter and the arrows do nothing meanwhile.
    expect(intent(running, ENTER)).toBeUndefined();
    expect(intent(running, RIGHT)).toBeUndefined();
    expect(intent(running, ESC)).toEqual({ type: 'back' });
    const estimate = { perRunMs: 120_000, totalRuns: 4, runsLeft: 3, leftMs: 360_000 };
    const asking = reduceTune(running, { type: 'snapshot', snapshot: { ...running.snapshot, confirm: estimate } });
    expect(intent(asking, press('y'))).toEqual({ type: 'answer' });
    expect(intent(asking, ENTER)).toEqual({ type: 'answer' });
    expect(intent(asking, press('x'))).toEqual({ type: 'stop' });
  });

  it('the report: ←→ choose a size, clamped; Tab hands the keys to the form and back; scrolling stops at the end as laid out', async () => {
    const snapshot = await finished();
    const done = reduceTune(reduceTune(reduceTune(IDLE, { type: 'started' }), { type: 'snapshot', snapshot }), {
      type: 'room',
      room: ROOM,
    });
    expect(intent(done, ENTER)).toEqual({ type: 'open-size' });
    expect(intent(done, press('e'))).toEqual({ type: 'export' });
    expect(chosenTuneSize(keys(done, RIGHT, RIGHT, RIGHT))?.mb).toBe(256);
    expect(chosenTuneSize(keys(done, RIGHT, LEFT, LEFT))?.mb).toBe(128);
    const form = keys(done, TAB);
    expect(form.focus).toBe('form');
    expect(intent(form, ENTER)).toEqual({ type: 'change' });
    expect(keys(form, RIGHT).cursor).toBe(1);
    expect(keys(form, TAB).focus).toBe('report');

    const { maxScroll, bodyRows } = tuneLayout(done);
    expect(maxScroll).toBeGreaterThan(0);
    // It opens at its end, where the answer is: the first line up is one above the end.
    expect(keys(done, 'k').scroll).toBe(maxScroll - 1);
    expect(keys(done, 'g').scroll).toBe(0);
    expect(keys(done, 'gjj').scroll).toBe(2);
    expect(keys(done, 'gG').scroll).toBe(maxScroll);
    expect(keys(done, 'gGj').scroll).toBe(maxScroll);
    expect(keys(done, 'g', press('', { pageDown: true })).scroll).toBe(Math.min(maxScroll, bodyRows - 1));
    // A shorter room lays the report over more pages: its end is further down.
    const short = reduceTune(done, { type: 'room', room: { ...ROOM, height: 16 } });
    expect(keys(short, 'G').scroll).toBe(maxScroll + 6);
  });

  it('the view model: the form hints at 80×22, the field keys while typing, the chosen size under the report', async () => {
    expect(tuneView(IDLE, ROOM).bar).toEqual([
      { key: 't', label: 'tune' },
      { key: 'Enter', label: 'change' },
      { key: '←→', label: 'move' },
      { key: 'Esc', label: 'back' },
      { key: '?', label: 'help' },
      { key: 'q', label: 'quit' },
    ]);
    expect(tuneView(IDLE, ROOM).rows.map((row) => row.map((cell) => cell.text).join(''))).toEqual([
      '›Provider ‹ aws-lambda-x86 ›  Runs 5 ',
      ' Sizes 128,256,512,1024,1769,3008 ',
    ]);
    expect(tuneView(keys(IDLE, RIGHT, ENTER), ROOM).bar).toEqual([
      { key: 'Enter', label: 'keep' },
      { key: 'Esc', label: 'cancel' },
      { key: 'Ctrl-C', label: 'quit' },
    ]);
    const done = reduceTune(reduceTune(IDLE, { type: 'started' }), { type: 'snapshot', snapshot: await finished() });
    const view = tuneView(done, ROOM);
    const { report, bodyRows } = tuneLayout(done, ROOM);
    expect(view.body).toEqual(report.slice(-bodyRows).map((line) => line || ' '));
    expect(view.message.lines).toEqual([
      `›Size ‹ 128 MB › 1 run: Enter opens them · ${report.length - bodyRows + 1}–${report.length} of ${report.length} lines`,
    ]);
    expect(view.bar.slice(0, 2)).toEqual([
      { key: 't', label: 'tune again' },
      { key: 'Enter', label: 'open size' },
    ]);
  });
});
