import type { Command } from 'commander';
import { createProgram, expandQuotedForm } from './program.js';
import { registerRun } from './run.js';
import { registerSamples } from './samples.js';
import { registerHome } from './home.js';
import { registerCost } from './cost.js';
import { registerProviders } from './providers.js';
import { registerMulti } from './multi.js';
import { registerHull } from './hull.js';
import { registerPlot } from './plot.js';

/** Every command, parsed from argv. */
export async function runCommands(argv: string[]): Promise<void> {
  const program = createProgram();
  registerRun(program);
  registerMulti(program);
  registerHull(program);
  registerPlot(program);
  registerCost(program);
  registerProviders(program);
  registerSamples(program);
  registerHome(program);
  allowDebugEverywhere(program);
  await program.parseAsync(expandQuotedForm(program, argv));
}

/** `--debug` works after any command too, as the error messages suggest. */
function allowDebugEverywhere(command: Command): void {
  for (const sub of command.commands) {
    sub.option('--debug', 'print stack traces for errors');
    allowDebugEverywhere(sub);
  }
}
