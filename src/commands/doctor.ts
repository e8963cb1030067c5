import { runDoctor } from '../ops/doctor.js';
import { formatDoctor } from '../report/doctor-report.js';
import { declareCommand } from './command.js';

export const doctorCommand = declareCommand({
  name: 'doctor',
  summary: 'check what functracer needs on this machine, and say how to fix what is missing',
  description:
    'Check Node, the engine, the cgroup files, the programs the sample images are built from, the sample images and inputs, ' +
    'and functracer on PATH. Each missing item comes with the command that fixes it. Nothing is installed or started.',
  flags: (command) => command.option('--json', 'print the checks as one JSON array'),
  // The fixes are worded for root or for a user, as the checks run.
  parse: (_args: [], _options: { json?: boolean }) => ({ root: process.getuid?.() === 0 }),
  run: () => runDoctor(),
  json: (checks) => checks,
  text: (checks, { root }, { width }) => [formatDoctor(checks, width, root)],
  exitCode: (checks) => (checks.some((c) => c.state === 'missing') ? 1 : 0),
});
