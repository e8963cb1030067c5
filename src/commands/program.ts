import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { UserError } from '../core/errors.js';
import { packageRoot } from '../infra/package-root.js';

/** The root command, with errors routed to us instead of commander's own exit. */
export function createProgram(): Command {
  const program = new Command('functracer')
    .description('Trace the memory of a containerised cloud function at 1 kHz, price it on FaaS providers, and train memory hulls.')
    .option('--debug', 'print stack traces for errors')
    .version(packageVersion(), '-V, --version', 'print the version')
    .enablePositionalOptions()
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({ outputError: () => {} });
  return program;
}

/** A bug report should say which functracer it was; the version lives once, in package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Commander reports bad flags by throwing; turn those into our one-line user errors, pointing at the help of the
 * command that was given. The root takes no option with a value, and an unknown command is refused before
 * commander parses, so the first word that is not an option names the command.
 */
export function fromCommanderError(error: CommanderError, argv: readonly string[]): UserError | undefined {
  if (error.exitCode === 0) return undefined;
  const message = error.message.replace(/^error: /, '').replace(/\.$/, '');
  const command = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return new UserError(message, command ? `See functracer ${command} --help` : 'See functracer --help', 2);
}

/** Commands that take docker-run options also take them as the original testbed's one quoted string. */
const QUOTED_FORM_COMMANDS = new Set(['run', 'invoke', 'multi', 'tune']);

/** Loads the docker-run parser only for those commands: the entry imports this file for every command and `--version`. */
export async function expandQuotedForm(program: Command, argv: string[]): Promise<string[]> {
  const at = argv.findIndex((arg, index) => index >= 2 && !arg.startsWith('-'));
  const command = program.commands.find((c) => c.name() === argv[at]);
  if (at < 0 || !command || !QUOTED_FORM_COMMANDS.has(command.name())) return argv;
  const { expandQuotedRunArgs } = await import('./run-options.js');
  return [...argv.slice(0, at + 1), ...expandQuotedRunArgs(argv.slice(at + 1), command)];
}
