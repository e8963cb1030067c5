import { fileProblem, isUserError, UserError } from '../core/errors.js';
import { parseEvents, type LambdaEvent } from '../core/lambda-events.js';
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
