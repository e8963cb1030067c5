import type { Command } from 'commander';
import { ensureSamplesReady } from './samples.js';

const NEXT_STEPS = `
The sample functions are ready. Try:
  functracer run functracer/memshape 0:100 64:300 16:200 128:5 16:200 0:100
  functracer run -v "$PWD/ref-data:/d" functracer/resize sample-1mb.jpg 50%
  functracer samples list
`;

/** `functracer` with no command: get the samples ready, then say what to run. */
export function registerHome(program: Command): void {
  program.action(async () => {
    await ensureSamplesReady();
    process.stdout.write(NEXT_STEPS);
    process.stdout.write(`\n${program.helpInformation()}`);
  });
}
