import { terminalSafe } from './terminal-text.js';

/**
 * A problem the user can fix. The message says what is wrong; `hint` says what to try.
 * The CLI prints both on one line and exits non-zero without a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The exit code of a process stopped by each signal functracer turns into a clean stop, as a shell reports it.
 * SIGHUP is what a dropped SSH session or a closed terminal sends.
 */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/**
 * The user stopped the work before it produced what was asked for. Not a
 * mistake to fix, so it has no hint; its exit code is the signal's, as `docker run` gives.
 */
export class Interrupted extends Error {
  constructor(
    readonly signal: StopSignal,
    message: string,
  ) {
    super(message);
    this.name = 'Interrupted';
  }

  get exitCode(): number {
    return SIGNAL_EXIT[this.signal];
  }
}

/**
 * One line for the terminal: "what is wrong. what to try". Messages quote what the user gave and what files and
 * engines said, so the line is made terminal-safe here, once for every front end.
 */
export function describeError(error: unknown): string {
  return terminalSafe(oneLine(describe(error)));
}

function describe(error: unknown): string {
  if (error instanceof Interrupted) return error.message;
  if (error instanceof UserError) {
    return error.hint ? `${error.message}. ${error.hint}` : error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `functracer hit a bug: ${message}. Rerun with --debug and report the stack trace.`;
}

/** A message can quote a file's text (JSON.parse does), newlines and all; the error is still one line. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a file stands where a folder should be',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/** Why a file could not be read or written, in words, with the system's code for those who search for it. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words = code ? FILE_PROBLEMS[code] : undefined;
  return words ? `${words} (${code})` : (code ?? (error as Error).message);
}
