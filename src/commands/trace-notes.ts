import { outputWidth, wrapWords } from '../core/text-width.js';

/**
 * What was assumed to read a trace (a finish the original's tracer lost, rows without a reading), one line each
 * on stderr beside the command's own output, so the figures are never taken for exact without a word.
 * A terminal gets each wrapped at words, as errors are; a pipe keeps each whole.
 */
export function printTraceNotes(notes: readonly string[]): void {
  for (const note of notes) {
    const line = `functracer: note: ${note}`;
    const text = process.stderr.isTTY ? wrapWords(line, outputWidth(process.env, process.stderr.columns), '  ').join('\n') : line;
    process.stderr.write(`${text}\n`);
  }
}
