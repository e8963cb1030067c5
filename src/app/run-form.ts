import { isAbsolute, join, relative } from 'node:path';
import { UserError } from '../core/errors.js';
import type { FieldRule } from './text-edit.js';
import { invocationCount, MAX_INVOCATIONS } from '../ops/lambda-events.js';
import { localPathExists, memoryLimitBytes, splitQuotedRun, toRunSpec } from '../ops/docker-run-options.js';
import type { RunPlan } from '../core/run-plan.js';
import type { SampleFunction } from '../tracer/samples/catalog.js';

/** The options form on the home screen, as typed. */
export interface RunForm {
  /** Bind mounts, space-separated, as `docker run -v` takes them. */
  volumes: string;
  /** A folder copied afresh for each run and mounted at the sample's mount point (for functions that rewrite files). */
  scratchFrom: string;
  memory: string;
  args: string;
  /** A Lambda-style function's event files, space-separated (empty: the one empty event {}). */
  events?: string;
  /** How many events to hand out, as typed (empty: one per event). */
  invocations?: string;
}

const EMPTY_FORM: RunForm = { volumes: '', scratchFrom: '', memory: '', args: '' };

/** Where image functions find ref-data: read-only, so their output stays in the container and goes with it. */
const INPUT_MOUNT = '/in';

/**
 * The form a sample starts with: image functions get ref-data mounted
 * read-only and the chosen input as their first argument; functions that
 * rewrite files get a copy of ref-data. Nothing a run does lands in ref-data.
 */
export function defaultForm(sample: SampleFunction | undefined, refDataDir: string, input?: string): RunForm {
  if (!sample) return EMPTY_FORM;
  // A Lambda sample is handed its own example events, which ship in ref-data.
  if (sample.exampleEvents) return { ...EMPTY_FORM, events: join(refDataDir, sample.exampleEvents), invocations: '' };
  const args = [...sample.defaultArgs];
  if (sample.input === 'image') args[0] = `${INPUT_MOUNT}/${input ?? args[0]}`;
  return {
    volumes: sample.input === 'image' ? `${refDataDir}:${INPUT_MOUNT}:ro` : '',
    scratchFrom: sample.input === 'scratch-dir' ? refDataDir : '',
    memory: '',
    args: args.map(quoteWord).join(' '),
  };
}

/** Puts a newly chosen input image in the form, as the first argument of an image function. */
export function withInput(form: RunForm, sample: SampleFunction | undefined, input: string): RunForm {
  if (sample?.input !== 'image') return form;
  const words = splitQuotedRun(form.args, {});
  words[0] = `${INPUT_MOUNT}/${input}`;
  return { ...form, args: words.map(quoteWord).join(' ') };
}

/** The form as a run, or a UserError naming the field that is wrong. */
export function planRun(
  image: string,
  form: RunForm,
  sample: SampleFunction | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  hostPathExists: (path: string) => boolean = localPathExists,
): RunPlan {
  const args = splitQuotedRun(form.args, env);
  const volume = splitQuotedRun(form.volumes, env);
  const values = { volume, network: 'none', ...(form.memory.trim() ? { memory: form.memory.trim() } : {}) };
  const spec = toRunSpec(values, image, args, cwd, hostPathExists);
  const title = [image, ...args].join(' ');
  if (!form.scratchFrom.trim()) return { title, spec };
  if (!sample) throw new UserError('only sample functions take a scratch copy', 'Mount a folder with Volumes instead');
  const from = form.scratchFrom.trim();
  return { title, spec, scratch: { from: isAbsolute(from) ? from : `${cwd}/${from}`, mountPoint: sample.mountPoint } };
}

/** A path as short as it can be shown: relative to `cwd` when inside it. */
export function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What the options' fields take as they are typed: memory is a size, invocations a count; the others are free text. */
export function runFieldRule(field: keyof RunForm): FieldRule | undefined {
  if (field === 'invocations') return INVOCATIONS_RULE;
  if (field !== 'memory') return undefined;
  return {
    // As parseMemorySize reads it: "256m", "1.5 GiB", "536870912"; and checked as --memory is, 256 offering 256m.
    chars: /[0-9.bkmgtiBKMGTI ]/,
    takes: 'a memory size, such as 256m or 1g (empty for no limit)',
    check: (text) => void (text.trim() === '' || memoryLimitBytes(text, 'memory')),
  };
}

/** As `functracer invoke -n` takes it: a whole number up to 1,000, or nothing for one per event. */
const INVOCATIONS_RULE: FieldRule = {
  chars: /[0-9]/,
  takes: `a number of invocations, 1 to ${MAX_INVOCATIONS.toLocaleString('en-US')} (empty for one per event)`,
  check: (text) => void invocationCount([], text, 'Invocations'),
};
