import type { Command } from 'commander';
import { jsonLine } from '../core/json.js';
import { outputWidth } from '../core/text-width.js';
import { runDoctor } from '../ops/doctor.js';
import { formatDoctor } from '../report/doctor-report.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .summary('check what functracer needs on this machine, and say how to fix what is missing')
    .description(
      'Check Node, the engine, the cgroup files, the programs the sample images are built from, the sample images and inputs, ' +
        'and functracer on PATH. Each missing item comes with the command that fixes it. Nothing is installed or started.',
    )
    .option('--json', 'print the checks as one JSON array')
    .action(async (options: { json?: boolean }) => {
      const checks = await runDoctor();
      process.stdout.write(
        options.json
          ? jsonLine(checks)
          : `${formatDoctor(checks, outputWidth(process.env, process.stdout.columns), process.getuid?.() === 0)}\n`,
      );
      if (checks.some((c) => c.state === 'missing')) process.exitCode = 1;
    });
}
