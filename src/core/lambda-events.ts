import { UserError } from './errors.js';

/** One event as functracer invoke hands it out: its bytes as written, and where it was written, for messages. */
export interface LambdaEvent {
  payload: Buffer;
  /** `FILE` for a file of one event, `FILE:LINE` for one of JSON lines. */
  source: string;
}

/** Lambda's limit on a synchronous invocation's payload, 6 MB. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

const HINT = 'Give one JSON event in the file, or one JSON event a line';

/**
 * The events in an --event file, in order: the whole file when it is one JSON value (an object over many lines, as
 * people write them), else one JSON value a line, blank lines skipped. A file that is neither is refused with the
 * line at fault; so is an event above Lambda's 6 MB.
 */
export function parseEvents(text: string, file: string): LambdaEvent[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new UserError(`--event ${file} holds no event`, HINT);
  const whole = tryJson(body.trim());
  if (whole === undefined) return [checked(body.trim(), file, file)];
  const lines = body.split('\n');
  const filled = lines.map((line, i) => ({ line: line.trim(), number: i + 1 })).filter((l) => l.line !== '');
  // A document over several lines whose first line is no event by itself was meant as one value: its own error says where.
  if (filled.length < 2 || tryJson(filled[0]!.line) !== undefined) {
    throw new UserError(`--event ${file} is not JSON${whereIn(body.trim(), whole)}: ${reasonOf(whole)}`, HINT);
  }
  return filled.map(({ line, number }) => {
    const error = tryJson(line);
    if (error !== undefined) throw new UserError(`--event ${file} line ${number} is not JSON: ${reasonOf(error)}`, HINT);
    return checked(line, file, `${file}:${number}`, number);
  });
}

/** The parse error, or undefined for valid JSON. */
function tryJson(text: string): Error | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

function checked(text: string, file: string, source: string, line?: number): LambdaEvent {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > MAX_EVENT_BYTES) {
    const where = line === undefined ? '' : ` line ${line}`;
    throw new UserError(
      `--event ${file}${where} is ${payload.length.toLocaleString('en-US')} bytes, over Lambda's ${MAX_EVENT_BYTES.toLocaleString('en-US')} for an event`,
      'Lambda refuses a larger payload; pass a reference to the data (a path, a key) instead',
    );
  }
  return { payload, source };
}

/** " at line L, column C" where the parser gave a position (V8 does for most errors). */
function whereIn(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** V8's reason without the text it quotes (which may be the whole file) or the position, already told. */
function reasonOf(error: Error): string {
  const reason = error.message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return reason.length > 80 ? `${reason.slice(0, 79)}…` : reason;
}
