import { UserError } from '../../../core/errors.js';
import { hullStepProblem } from '../../../core/hull.js';
import { parseNumber, RANGES, type NumberRange } from '../../../core/number-input.js';
import { SAMPLE_JPEGS } from '../../../core/sample-jpeg.js';
import type { HullRequest } from '../../hull-session.js';
import type { SampleInputFile } from '../../services.js';
import type { FieldRule } from '../../text-edit.js';
import type { RunPlan } from '../../../core/run-plan.js';

export type HullField = 'runs' | 'step' | 'lookahead' | 'buffer';

/** The hull screen's form as typed. */
export interface HullForm {
  /** Training inputs, by file name. */
  chosen: string[];
  runs: string;
  step: string;
  lookahead: string;
  buffer: string;
  /** The image the autotuned test run resizes. */
  test: string;
}

export type HullItem = { kind: 'input'; name: string } | { kind: 'field'; field: HullField } | { kind: 'test' };

const HULL_FIELDS: HullField[] = ['runs', 'step', 'lookahead', 'buffer'];

/** The cursor's stops, in the order the form draws them; training a traced plan has only the numbers. */
export function hullItems(files: readonly SampleInputFile[], plan?: RunPlan): HullItem[] {
  if (plan) return HULL_FIELDS.map((field) => ({ kind: 'field' as const, field }));
  return [
    ...files.map((f) => ({ kind: 'input' as const, name: f.name })),
    ...HULL_FIELDS.map((field) => ({ kind: 'field' as const, field })),
    { kind: 'test' },
  ];
}

/**
 * Train and test as the README does: the smaller samples train, the largest
 * tests, so the test shows whether the hull holds for an input it never saw.
 */
export function defaultHullForm(files: readonly SampleInputFile[]): HullForm {
  const samples = SAMPLE_JPEGS.map((s) => s.fileName).filter((name) => files.some((f) => f.name === name));
  const test = samples.at(-1) ?? files.at(-1)?.name ?? '';
  const chosen = samples.length > 1 ? samples.slice(0, -1) : files.map((f) => f.name).filter((name) => name !== test);
  return {
    chosen: chosen.length > 0 ? chosen : files.slice(0, 1).map((f) => f.name),
    runs: '10',
    step: '0.1',
    lookahead: '2',
    buffer: '0',
    test,
  };
}

export function toggleInput(form: HullForm, name: string): HullForm {
  return { ...form, chosen: form.chosen.includes(name) ? form.chosen.filter((n) => n !== name) : [...form.chosen, name] };
}

/** The next image for the test run, in list order. */
export function nextTest(form: HullForm, files: readonly SampleInputFile[]): HullForm {
  const at = files.findIndex((f) => f.name === form.test);
  return { ...form, test: files[(at + 1) % Math.max(1, files.length)]?.name ?? form.test };
}

/** The ranges `functracer hull` checks its flags against, with words that fit the form's one error line. */
const LIMITS: Record<HullField, { range: NumberRange; hint: string }> = {
  runs: { range: RANGES.runs, hint: 'a whole number of runs, up to 10,000, such as 10' },
  step: { range: RANGES.hullStep, hint: 'seconds, a multiple of 0.001 up to 3600, such as 0.1' },
  lookahead: { range: RANGES.lookahead, hint: 'a whole number of steps, 0 to 10,000, such as 2' },
  buffer: { range: RANGES.bufferPct, hint: 'a percentage, 0 to 1,000, such as 10' },
};

/** A hull field's number, or a UserError naming the field, what it got and what it takes. */
function hullFieldValue(field: HullField, text: string): number {
  const rule = LIMITS[field];
  const refused = new UserError(`${field} got ${JSON.stringify(text)}`, `Give ${rule.hint}`);
  let value: number;
  try {
    value = parseNumber(text, field, rule.range);
  } catch {
    throw refused;
  }
  if (field === 'step' && hullStepProblem(value)) throw refused;
  return value;
}

/** What can be typed into a hull field: digits, and a point where fractions make sense. */
export function hullFieldRule(field: HullField): FieldRule {
  const rule = LIMITS[field];
  const integer = rule.range.kind.endsWith('integer');
  return { chars: integer ? /[0-9]/ : /[0-9.]/, takes: rule.hint, check: (text) => void hullFieldValue(field, text) };
}

/** The form's numbers as a training of `plan` (a traced image and its options), or a UserError naming the field. */
export function planHullRequest(form: HullForm, plan: RunPlan): HullRequest {
  const number = (field: HullField) => hullFieldValue(field, form[field]);
  return { inputs: [], plan, runs: number('runs'), step: number('step'), lookahead: number('lookahead'), bufferPct: number('buffer') };
}

/** The form as a training request, or a UserError naming the field and what it got. */
export function hullRequest(form: HullForm, files: readonly SampleInputFile[]): HullRequest {
  const number = (field: HullField) => hullFieldValue(field, form[field]);
  const inputs = files.filter((f) => form.chosen.includes(f.name)).map((f) => f.path);
  if (inputs.length === 0) throw new UserError('no training input is chosen', 'Move to an image and press Enter or space to tick it');
  return { inputs, runs: number('runs'), step: number('step'), lookahead: number('lookahead'), bufferPct: number('buffer') };
}
