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
  await program.parseAsync(expandQuotedForm(program, argv));
}
