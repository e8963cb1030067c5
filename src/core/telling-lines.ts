/** Words a program uses when it says what went wrong. */
const TELLING = /error|fail|unable|cannot|can't|denied|not found|no such|fatal|panic|exception|invalid|refused|killed|abort|expected/i;

/** At most this many lines: a report has room for a few, the rest is in the saved output. */
const MOST = 3;

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * The lines of a failed function's output that most likely say what went wrong: the last (up to three) of
 * its stderr's lines that use the words of a failure, in their order; else stderr's last line; else the last
 * line of everything it printed. ImageMagick's `convert` says "unable to open image …" and then more; the
 * last line alone would hide the reason. Given the tails of the output, as text.
 */
export function tellingLines(stderr: string, all: string): string[] {
  const errors = linesOf(stderr);
  const telling = errors.filter((line) => TELLING.test(line));
  if (telling.length > 0) return telling.slice(-MOST);
  const last = errors.at(-1) ?? linesOf(all).at(-1);
  return last === undefined ? [] : [last];
}
