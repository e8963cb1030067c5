import { UserError } from '../core/errors.js';
import { runDoctor } from '../ops/doctor.js';
import { runSwarmDoctor } from '../ops/swarm-doctor.js';
import { formatDoctor } from '../report/doctor-report.js';
import { declareCommand } from './command.js';

interface DoctorOptions {
  json?: boolean;
  on?: string;
  registry?: string;
  image?: string;
}

export const doctorCommand = declareCommand({
  name: 'doctor',
  summary: 'check what functracer needs on this machine, and say how to fix what is missing',
  description:
    'Check Node, the engine, the cgroup files, the programs the sample images are built from, the sample images and inputs, ' +
    'and functracer on PATH. Each missing item comes with the command that fixes it. Nothing is installed or started. ' +
    'With --on swarm, check each node of the swarm DOCKER_HOST manages instead: its engine, cgroup files, images and clock.',
  flags: (command) =>
    command
      .option('--json', 'print the checks as one JSON array')
      .option('--on <where>', "check the swarm's nodes instead of this machine: --on swarm")
      .option('--registry <host:port>', 'with --on swarm: the registry the nodes pull the probe from')
      .option('--image <name>', 'with --on swarm: also check that every node has this image'),
  // The fixes are worded for root or for a user, as the checks run.
  parse: (_args: [], options: DoctorOptions) => {
    if (options.on !== undefined && options.on !== 'swarm')
      throw new UserError(`--on ${JSON.stringify(options.on)} is not a place functracer can check`, 'Use --on swarm');
    if (options.on === undefined && (options.registry ?? options.image) !== undefined) {
      throw new UserError(`${options.registry !== undefined ? '--registry' : '--image'} goes with --on swarm`, 'Add --on swarm');
    }
    return {
      root: process.getuid?.() === 0,
      swarm: options.on === 'swarm',
      ...(options.registry !== undefined ? { registry: options.registry } : {}),
      ...(options.image !== undefined ? { image: options.image } : {}),
    };
  },
  run: ({ swarm, registry, image }) =>
    swarm ? runSwarmDoctor({ ...(registry !== undefined ? { registry } : {}), ...(image !== undefined ? { image } : {}) }) : runDoctor(),
  json: (checks) => checks,
  text: (checks, { root }, { width }) => [formatDoctor(checks, width, root)],
  exitCode: (checks) => (checks.some((c) => c.state === 'missing') ? 1 : 0),
});
