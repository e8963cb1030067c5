#!/usr/bin/env node
import { CommanderError } from 'commander';
import { describeError, isUserError } from './core/errors.js';
import { createProgram, expandQuotedForm, fromCommanderError } from './commands/program.js';
import { registerRun } from './commands/run.js';
import { registerSamples } from './commands/samples.js';
import { registerHome } from './commands/home.js';
import { registerCost } from './commands/cost.js';
import { registerProviders } from './commands/providers.js';
import { registerMulti } from './commands/multi.js';
import { registerHull } from './commands/hull.js';
import { registerPlot } from './commands/plot.js';

const program = createProgram();
registerRun(program);
registerMulti(program);
registerHull(program);
registerPlot(program);
registerSamples(program);
registerHome(program);
registerCost(program);
registerProviders(program);

try {
  await program.parseAsync(expandQuotedForm(program, process.argv));
} catch (error) {
  const debug = process.argv.includes('--debug');
  const userError = error instanceof CommanderError ? fromCommanderError(error) : error;
  if (userError !== undefined) {
    process.stderr.write(`functracer: ${describeError(userError)}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = isUserError(userError) ? userError.exitCode : 70;
  }
}
