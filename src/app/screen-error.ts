import { Interrupted, isUserError } from '../core/errors.js';
import { logBug } from '../infra/error-log.js';

/** An error worded for the screen: one line, and what to try when the user can fix it. */
export interface ScreenError {
  message: string;
  hint?: string;
  /** Not the user's doing: the screen says so, and where the stack went, instead of suggesting a fix. */
  bug: boolean;
  /** For a bug, the file that holds its stack. */
  log?: string;
}

/** The two kinds of error the user meets: one to fix (with its hint), or a bug whose stack is written to the error log. */
export function screenError(error: unknown): ScreenError {
  if (isUserError(error)) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), bug: false };
  if (error instanceof Interrupted) return { message: error.message, bug: false };
  const log = logBug(error);
  return { message: error instanceof Error ? error.message : String(error), bug: true, ...(log ? { log } : {}) };
}

/** The one wording of an error on every screen: "✘ what is wrong. Try: what to do", or the bug and where its stack is. */
export function errorText(error: ScreenError): string {
  if (error.bug)
    return `✘ functracer hit a bug: ${error.message}. ${error.log ? `Its stack is in ${error.log}` : 'Its stack could not be written to the error log'}; please report it.`;
  return `✘ ${error.message}${error.hint ? `. Try: ${error.hint}` : ''}`;
}
