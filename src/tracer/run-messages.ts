import { existsSync } from 'node:fs';
import { UserError, type Interrupted } from '../core/errors.js';
import type { RunRecorder } from './recorder.js';
import type { SlowCall } from './engine-watch.js';

/*
 * What a run says about its engine: a slow one, and what a failed one left
 * behind. Each is one line, for a terminal of 80 columns or a pipe.
 */

/** Live status while the engine is slow, and a note for the report once it answered: slow is not wedged, and the run says which. */
export function slowReporter(notes: string[], onStatus: ((status: string) => void) | undefined): (slow: SlowCall) => void {
  return ({ what, ms, answered, limitMs }) => {
    const seconds = (ms / 1000).toFixed(1);
    if (answered) notes.push(`the engine took ${seconds} s to answer ${what}: it was busy, not wedged (it answered pings)`);
    else onStatus?.(`the engine is slow: ${what} has taken ${seconds} s; it answers pings, so functracer waits up to ${limitMs / 1000} s`);
  };
}

/** The trace a failed run leaves on disk, and whether its end is the engine's. */
export interface KeptTrace {
  csvPath: string;
  engineEnd: boolean;
}

/** Where the trace is, and where it ends when the engine gave no finish time. */
export function keptText(kept: KeptTrace | undefined): string {
  if (!kept) return '';
  return `; the trace is kept in ${kept.csvPath}${kept.engineEnd ? '' : ', ending at its last sample (the engine gave no finish time)'}`;
}

/** One line naming the container an engine kept, after the error that ended the run if there was one. */
export function leftBehind(name: string, cause: UserError | Interrupted | undefined, kept: KeptTrace | undefined): UserError {
  return new UserError(
    `${cause ? `${cause.message}, and` : 'the run finished, but'} the engine did not remove container ${name}`,
    `Remove it once the engine answers: docker rm -f ${name}${keptText(kept)}`,
  );
}

/** The trace on disk, if this run began one: a run stopped before its start has no file and must not claim one. */
export function keptTrace(recorder: RunRecorder, csvPath: string | undefined): KeptTrace | undefined {
  if (!recorder.started || csvPath === undefined || !existsSync(csvPath)) return undefined;
  return { csvPath, engineEnd: recorder.durationSource !== 'unknown' };
}
