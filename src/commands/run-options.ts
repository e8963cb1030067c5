import path from 'node:path';
import { Command, Option } from 'commander';
import shellQuote from 'shell-quote';
import { UserError } from '../core/errors.js';
import { parseMemorySize } from '../core/units.js';
import type { RunSpec } from '../tracer/run-spec.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the docker-run options functracer understands to a command. */
export function addRunOptions(command: Command): Command {
  return command
    .option('-v, --volume <bind>', 'bind mount host:container[:ro], repeatable', collect)
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-e, --env <KEY=value>', 'environment variable, repeatable', collect)
    .option('-m, --memory <size>', 'memory limit, such as 256m or 1g')
    .option('--memory-swap <size>', 'memory plus swap limit, or -1 for unlimited swap')
    .option('--cpus <n>', 'number of CPUs, such as 0.5')
    .addOption(new Option('--network <mode>', 'network mode').default('none'))
    .option('--entrypoint <cmd>', 'override the image entrypoint')
    .option('-u, --user <user>', 'user[:group] to run as')
    .argument('<image>', 'the image to run, or the whole docker-run line in one quoted string')
    .argument('[args...]', 'arguments passed to the container')
    .passThroughOptions();
}

export interface RunOptionValues {
  volume?: string[];
  workdir?: string;
  env?: string[];
  memory?: string;
  memorySwap?: string;
  cpus?: string;
  network: string;
  entrypoint?: string;
  user?: string;
}

/**
 * Splits the original testbed's single quoted form ("-v $PWD:/d/ image arg")
 * with shell-word rules. Variables come from the environment; nothing runs in a shell.
 */
export function splitQuotedRun(line: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const words = shellQuote.parse(line, (key) => env[key] ?? '');
  return words.map((word) => {
    if (typeof word === 'string') return word;
    if ('op' in word && word.op === 'glob') return word.pattern;
    throw new UserError(
      `the quoted command holds the shell operator ${JSON.stringify('op' in word ? word.op : word)}`,
      'functracer never runs a shell: pass plain docker-run options, the image and its arguments',
    );
  });
}

/**
 * Expands the one-string form in place, before flags are parsed: the first
 * argument that holds whitespace is split if it comes before the image (image
 * names never hold spaces) or starts with one of the command's own flags.
 * Arguments after the image are the container's and stay as given.
 */
export function expandQuotedRunArgs(args: string[], command: Command): string[] {
  const flags = new Map<string, boolean>();
  for (const option of command.options) {
    for (const flag of [option.short, option.long]) if (flag) flags.set(flag, option.required || option.optional);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/\s/.test(arg.trim())) {
      const first = arg.trim().split(/\s+/)[0]!.split('=')[0]!;
      if (!arg.trim().startsWith('-') || flags.has(first)) return [...args.slice(0, i), ...splitQuotedRun(arg), ...args.slice(i + 1)];
      return args;
    }
    if (!arg.startsWith('-')) return args;
    if (flags.get(arg)) i += 1;
  }
  return args;
}

export function toRunSpec(values: RunOptionValues, image: string, args: string[], cwd = process.cwd()): RunSpec {
  const spec: RunSpec = {
    image,
    args,
    env: values.env ?? [],
    binds: (values.volume ?? []).map((bind) => absoluteBind(bind, cwd)),
    networkMode: values.network,
  };
  if (values.workdir) spec.workdir = values.workdir;
  if (values.user) spec.user = values.user;
  if (values.entrypoint !== undefined) spec.entrypoint = values.entrypoint === '' ? [''] : [values.entrypoint];
  if (values.memory !== undefined) spec.memoryBytes = parseMemorySize(values.memory, '--memory');
  if (values.memorySwap !== undefined) {
    spec.memorySwapBytes = values.memorySwap === '-1' ? -1 : parseMemorySize(values.memorySwap, '--memory-swap');
  }
  if (values.cpus !== undefined) {
    const cpus = Number(values.cpus);
    if (!Number.isFinite(cpus) || cpus <= 0) {
      throw new UserError(`--cpus got ${JSON.stringify(values.cpus)}, which is not a positive number`, 'Use a number such as 0.5 or 2');
    }
    spec.nanoCpus = Math.round(cpus * 1e9);
  }
  if (spec.memoryBytes !== undefined && spec.memoryBytes < 6 * 1024 * 1024) {
    throw new UserError(`--memory ${values.memory} is below Docker's minimum of 6 MB`, 'Give at least --memory 6m');
  }
  for (const entry of spec.env) {
    if (!/^[^=\s]+(=|$)/.test(entry)) {
      throw new UserError(`--env got ${JSON.stringify(entry)}`, 'Use KEY=value or KEY');
    }
  }
  return spec;
}

/** Docker treats a host part without a slash as a named volume, so make relative paths absolute. */
function absoluteBind(bind: string, cwd: string): string {
  const [host, ...rest] = bind.split(':');
  if (!host || rest.length === 0) {
    throw new UserError(`--volume got ${JSON.stringify(bind)}`, 'Use host-path:container-path[:ro]');
  }
  const isPath = host.startsWith('.') || host.startsWith('/') || host.startsWith('~');
  const resolved = host.startsWith('~') ? path.join(process.env.HOME ?? '/', host.slice(1)) : path.resolve(cwd, host);
  return [isPath ? resolved : host, ...rest].join(':');
}
