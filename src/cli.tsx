#!/usr/bin/env node
import { CommanderError } from 'commander';
import { describeError, Interrupted, isUserError } from './core/errors.js';
import { fromCommanderError } from './commands/program.js';
import { screensAllowed } from './infra/terminal.js';
import { watchForLostOutput } from './infra/lost-output.js';
import { outputWidth, wrapWords } from './core/text-width.js';

// Deprecation warnings from dependencies (docker-modem builds ssh:// URLs Node calls invalid) speak to their developers, not to users.
if (!process.argv.includes('--debug')) process.noDeprecation = true;
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
/** `functracer` alone in a terminal opens the TUI without loading every command first: the first frame comes sooner. */
const wantsTui = process.argv.length === 2 && screensAllowed();
// Ink draws only the last frame when CI is set, which is right for CI logs and wrong for a person at a terminal.
if (interactive) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}

// A pipe closed by its reader or a terminal that hung up stops the work as SIGHUP does, never with a crash.
watchForLostOutput();

try {
  if (wantsTui) await (await import('./app/tui.js')).openTui();
  else await (await import('./commands/main.js')).runCommands(process.argv);
} catch (error) {
  const debug = process.argv.includes('--debug');
  const userError = error instanceof CommanderError ? fromCommanderError(error, process.argv) : error;
  if (userError !== undefined) {
    const line = `functracer: ${describeError(userError)}`;
    // A terminal gets the line wrapped at words to its width; a pipe or a log keeps it whole, one line to grep.
    const text = process.stderr.isTTY ? wrapWords(line, outputWidth(process.env, process.stderr.columns), '  ').join('\n') : line;
    // It starts at the line's start: the terminal's echo of a Ctrl-C ('^C') would push a full-width line past the edge.
    const atStart = screensAllowed([process.stderr]) ? '\r\x1b[K' : '';
    process.stderr.write(`${atStart}${text}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = isUserError(userError) || userError instanceof Interrupted ? userError.exitCode : 70;
  }
}
