import type { Command } from 'commander';
import { prepareSamples } from './samples.js';
import { refDataDir } from '../infra/package-root.js';
import { screensAllowed } from '../infra/terminal.js';
import { wrapWords } from '../core/text-width.js';
import { textOutput } from './command.js';

/**
 * Pasted into any shell they work: the inputs' folder is spelt out, and mounted read-only so the runs never write
 * into it. The mount goes on a line of its own, continued with a backslash, so that 80 columns hold a deep install path.
 */
const nextSteps = () => `
The sample functions are ready. Try:
  functracer run functracer/memshape 0:100 64:300 16:200 128:5 16:200 0:100
  functracer run -v ${refDataDir()}:/in:ro \\
    functracer/resize /in/sample-1mb.jpg 50%
  functracer samples list
`;

/**
 * `functracer` with no command. In a terminal it opens the TUI, which builds
 * missing samples itself. Elsewhere it gets the samples ready and says what to
 * run, and prints the help whether or not an engine answered. The root's own action, not a declared command: it
 * has no JSON form, and its help is printed even when getting the samples ready fails.
 */
export function registerHome(program: Command): void {
  program.action(async () => {
    if (screensAllowed()) {
      const { openTui } = await import('../app/tui.js');
      await openTui();
      return;
    }
    // Wrapped at words: a dumb terminal still wraps at its edge, mid-word.
    if (process.stdout.isTTY) {
      const text = 'This terminal (TERM=dumb) cannot draw the full-screen UI: the commands print plain lines.';
      process.stdout.write(`${wrapWords(text, textOutput().width).join('\n')}\n`);
    }
    try {
      await prepareSamples();
      process.stdout.write(nextSteps());
    } finally {
      process.stdout.write(`\n${program.helpInformation()}`);
    }
  });
}
