import { fileProblem, isUserError, UserError } from '../core/errors.js';
import { parseEvents, type LambdaEvent } from '../core/lambda-events.js';
import { parseNumber } from '../core/number-input.js';
import { readOwnFileSync } from '../infra/own-file.js';

/** A file of events: a sequence of at most 6 MB events; more than this is not a file anyone writes by hand. */
const MAX_EVENT_FILE_BYTES = 64 * 1024 * 1024;

/** The one event Lambda's console starts with, when none is given. */
const DEFAULT_EVENT: LambdaEvent = { payload: Buffer.from('{}'), source: '(the empty event {})' };

/**
 * The events of every --event file, in the order given, each file's in its own order. An event file may sit in a
 * shared folder: only a regular file of yours or root's, of a size an event file can have, and every event JSON.
 */
export function loadEvents(files: readonly string[]): LambdaEvent[] {
  if (files.length === 0) return [DEFAULT_EVENT];
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readOwnFileSync(file, {
        what: 'event file',
        maxBytes: MAX_EVENT_FILE_BYTES,
        hint: 'Pass a JSON file, or a file of JSON lines',
      });
    } catch (error) {
      if (isUserError(error)) throw error;
      throw new UserError(`cannot read --event ${file}: ${fileProblem(error)}`, 'Pass a JSON file, or a file of JSON lines');
    }
    return parseEvents(text, file);
  });
}

/** Every invocation's phases go into its container's run record, which holds a bounded number of them. */
export const MAX_INVOCATIONS = 1000;

/** Lambda's default function timeout. */
export const DEFAULT_TIMEOUT_MS = 3000;

/**
 * How many events a session hands out: `given` as typed into `name` (a flag, a field), or one per event when it is
 * empty; at most MAX_INVOCATIONS either way, as `functracer invoke -n` takes it.
 */
export function invocationCount(events: readonly LambdaEvent[], given: string, name: string): number {
  const figure = (n: number) => n.toLocaleString('en-US');
  if (given.trim() !== '') return parseNumber(given.trim(), name, { kind: 'positive integer', max: MAX_INVOCATIONS, example: '10' });
  if (events.length <= MAX_INVOCATIONS) return events.length;
  throw new UserError(
    `the event files hold ${figure(events.length)} events, more than the ${figure(MAX_INVOCATIONS)} one session hands out`,
    `Give ${name} ${MAX_INVOCATIONS} or fewer to hand out the first ones`,
  );
}

/** The function's timeout, typed in seconds into `name` (a flag, a field), as Lambda takes it: at most its 900 s. */
export function timeoutMsFrom(given: string, name: string): number {
  return (
    parseNumber(given.trim(), name, { kind: 'positive', min: 0.01, max: 900, example: '3', why: "Lambda's own limit is 900 s" }) * 1000
  );
}
