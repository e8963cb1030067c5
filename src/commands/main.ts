import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { createProgram, expandQuotedForm } from './program.js';
import type { CommandSpec } from './command.js';

type Register = (program: Command) => void;

/**
 * Every command by name, each module loaded only when argv names it: a command
 * brings in its use cases, the engine's client, zod schemas and report text, and
 * `functracer cost` has no need of `run`'s. Start-up is mostly loading modules.
 * The order is the order `--help` lists them in.
 */
const COMMANDS: readonly { name: string; load: () => Promise<Register> }[] = [
  { name: 'run', load: async () => declared((await import('./run.js')).runCommand) },
  { name: 'invoke', load: async () => declared((await import('./invoke.js')).invokeCommand) },
  { name: 'multi', load: async () => declared((await import('./multi.js')).multiCommand) },
  { name: 'tune', load: async () => declared((await import('./tune.js')).tuneCommand) },
  { name: 'hull', load: async () => declared((await import('./hull.js')).hullCommand) },
  { name: 'plot', load: async () => declared((await import('./plot.js')).plotCommand) },
  { name: 'cost', load: async () => declared((await import('./cost.js')).costCommand) },
  { name: 'providers', load: async () => declared((await import('./providers.js')).providersCommand) },
  { name: 'samples', load: async () => (await import('./samples.js')).addSamplesCommands },
  { name: 'doctor', load: async () => declared((await import('./doctor.js')).doctorCommand) },
];

/** A command declared as data (src/commands/command.ts), registered by the one helper that runs them all. */
async function declared<Args extends unknown[], Options, Request, Result>(
  spec: CommandSpec<Args, Options, Request, Result>,
): Promise<Register> {
  const { addCommand } = await import('./command.js');
  return (program) => addCommand(program, spec);
}

/** Every command, parsed from argv. */
export async function runCommands(argv: string[]): Promise<void> {
  const program = createProgram();
  const args = helpAsFlag(argv);
  const word = commandWord(args);
  if (word !== undefined && !COMMANDS.some((c) => c.name === word)) throw unknownCommand(word);
  for (const register of await Promise.all(commandsFor(word, args).map((c) => c.load()))) register(program);
  // `functracer` with no command (the TUI, or the samples and the help outside a terminal), unless it only asks the version.
  if (word === undefined && !asksVersion(args)) (await import('./home.js')).registerHome(program);
  allowDebugEverywhere(program);
  await program.parseAsync(await expandQuotedForm(program, args));
}

/** The one command argv names; all of them for the root's help or its default action; none for `--version` alone. */
function commandsFor(word: string | undefined, args: readonly string[]): typeof COMMANDS {
  if (word !== undefined) return COMMANDS.filter((c) => c.name === word);
  return asksVersion(args) ? [] : COMMANDS;
}

/** The root takes no option with a value, so the first word that is not an option names the command. */
function commandWord(args: readonly string[]): string | undefined {
  return args.slice(2).find((arg) => !arg.startsWith('-'));
}

function asksVersion(args: readonly string[]): boolean {
  return args.slice(2).some((arg) => arg === '-V' || arg === '--version');
}

/** `functracer help run` as git and docker take it: the same as `functracer run --help`. */
function helpAsFlag(argv: string[]): string[] {
  const [node = '', script = '', first, ...rest] = argv;
  return first === 'help' ? [node, script, ...rest, '--help'] : argv;
}

/** Commander would say "too many arguments" for a typo, because `functracer` alone is a command too. */
function unknownCommand(word: string): UserError {
  return new UserError(
    `unknown command ${JSON.stringify(word)}`,
    `The commands are ${COMMANDS.map((c) => c.name).join(', ')}; see functracer --help`,
  );
}

/** `--debug` works after any command too, as the error messages suggest. */
function allowDebugEverywhere(command: Command): void {
  for (const sub of command.commands) {
    sub.option('--debug', 'print stack traces for errors');
    allowDebugEverywhere(sub);
  }
}
