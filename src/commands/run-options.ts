import { Command, Option } from 'commander';
import { splitQuotedRun } from '../ops/run-spec.js';

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
