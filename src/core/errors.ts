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

/** One line for the terminal: "what is wrong. what to try". */
export function describeError(error: unknown): string {
  if (error instanceof UserError) {
    return error.hint ? `${error.message}. ${error.hint}` : error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `functracer hit a bug: ${message}. Rerun with --debug and report the stack trace.`;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
