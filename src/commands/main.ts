import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { createProgram, expandQuotedForm } from './program.js';
import { registerRun } from './run.js';
import { registerSamples } from './samples.js';
import { registerHome } from './home.js';
import { registerCost } from './cost.js';
import { registerProviders } from './providers.js';
import { registerMulti } from './multi.js';
import { registerTune } from './tune.js';
import { registerHull } from './hull.js';
import { registerPlot } from './plot.js';
import { registerDoctor } from './doctor.js';

/** Every command, parsed from argv. */
export async function runCommands(argv: string[]): Promise<void> {
  const program = createProgram();
  registerRun(program);
  registerMulti(program);
  registerTune(program);
  registerHull(program);
  registerPlot(program);
  registerCost(program);
  registerProviders(program);
  registerSamples(program);
  registerDoctor(program);
  registerHome(program);
  allowDebugEverywhere(program);
  const args = helpAsFlag(argv);
  refuseUnknownCommand(program, args);
  await program.parseAsync(expandQuotedForm(program, args));
}

/** `functracer help run` as git and docker take it: the same as `functracer run --help`. */
function helpAsFlag(argv: string[]): string[] {
  const [node = '', script = '', first, ...rest] = argv;
  return first === 'help' ? [node, script, ...rest, '--help'] : argv;
}

/** Commander would say "too many arguments" for a typo, because `functracer` alone is a command too. */
function refuseUnknownCommand(program: Command, argv: string[]): void {
  const word = argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (word === undefined || program.commands.some((c) => c.name() === word || c.aliases().includes(word))) return;
  throw new UserError(
    `unknown command ${JSON.stringify(word)}`,
    `The commands are ${program.commands.map((c) => c.name()).join(', ')}; see functracer --help`,
  );
}

/** `--debug` works after any command too, as the error messages suggest. */
function allowDebugEverywhere(command: Command): void {
  for (const sub of command.commands) {
    sub.option('--debug', 'print stack traces for errors');
    allowDebugEverywhere(sub);
  }
}
