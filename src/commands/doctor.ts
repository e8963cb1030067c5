import type { Command } from 'commander';
import { jsonLine } from '../core/json.js';
import { hangingWrap, outputWidth, wrapWords } from '../core/text-width.js';
import { runDoctor, type Check, type CheckState } from '../ops/doctor.js';

const MARK: Record<CheckState, string> = { ok: '✓', missing: '✘', note: '!' };
const NAME_WIDTH = 15;

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
      process.stdout.write(options.json ? jsonLine(checks) : `${formatDoctor(checks, outputWidth(process.env, process.stdout.columns))}\n`);
      if (checks.some((c) => c.state === 'missing')) process.exitCode = 1;
    });
}

function formatDoctor(checks: readonly Check[], width: number): string {
  const indent = ' '.repeat(NAME_WIDTH + 2);
  const lines = checks.flatMap((check) => [
    ...hangingWrap(`${MARK[check.state]} ${check.name.padEnd(NAME_WIDTH)} `, check.detail, width),
    ...(check.fix && check.state !== 'ok' ? hangingWrap(`${indent} fix: `, check.fix, width) : []),
  ]);
  return [...lines, '', ...summary(checks, width)].join('\n');
}

/** The last lines answer the question: ready or not, and the one command that installs every missing package. */
function summary(checks: readonly Check[], width: number): string[] {
  const missing = checks.filter((c) => c.state === 'missing');
  if (missing.length === 0) return wrapWords('Ready. Try: functracer run functracer/memshape 0:100 64:300 16:200', width, '  ');
  const packages = [...new Set(missing.flatMap((c) => (c.debPackage ? [c.debPackage] : [])))];
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return [
    `${missing.length} missing: ${missing.map((c) => c.name).join(', ')}.`,
    ...(packages.length > 1 ? wrapWords(`All the packages at once: ${sudo}apt-get install -y ${packages.join(' ')}`, width, '  ') : []),
  ];
}
