import { Command, Option } from 'commander';
import { terminalSafe } from '../core/terminal-text.js';
import { splitQuotedRun } from '../ops/docker-run-options.js';
import { note } from './session.js';

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
    .option('--rm', 'taken as docker run takes it: functracer always removes the container')
    .option('-i, --interactive', 'taken, with a note: a function runs with no input, as on a FaaS platform')
    .option('-t, --tty', 'taken, with a note: a function runs with no terminal')
    .argument('<image>', 'the image to run, or the whole docker-run line in one quoted string')
    .argument('[args...]', 'arguments passed to the container')
    .passThroughOptions()
    .hook('preAction', (self) => dockerHabitNotes(self).forEach(note));
}

/**
 * What a Docker user's habits would get wrong without a word: -i and -t, which a function cannot use, and one of
 * functracer's own options after the image, which goes to the function (as docker run passes it on too).
 */
export function dockerHabitNotes(command: Command): string[] {
  const notes: string[] = [];
  const { interactive, tty } = command.opts<{ interactive?: boolean; tty?: boolean }>();
  const given = [interactive ? '-i' : '', tty ? '-t' : ''].filter(Boolean);
  if (given.length > 0) {
    notes.push(
      `${given.join(' and ')} ${given.length > 1 ? 'do' : 'does'} nothing here: a function runs with no terminal and no input, as on a FaaS platform`,
    );
  }
  const [image = '', ...args] = command.args;
  const late = ownOptionsIn(args, command);
  if (late.length > 0) {
    const [it, goes] = late.length > 1 ? ['them', 'they go'] : ['it', 'it goes'];
    notes.push(
      `${late.join(' and ')} ${late.length > 1 ? 'come' : 'comes'} after the image, so ${goes} to the function; ` +
        `put ${it} before ${terminalSafe(image)} if ${late.length > 1 ? 'they are' : 'it is'} meant for functracer`,
    );
  }
  return notes;
}

/**
 * The command's long options among the function's arguments, each with its value, as typed. Short ones are left
 * alone: functions take -v, -e or -n of their own far more often than by mistake. --debug is read from anywhere.
 */
function ownOptionsIn(args: string[], command: Command): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [name] = args[i]!.split('=');
    const option = command.options.find((o) => o.long === name && name !== '--debug');
    if (!option) continue;
    const takesValue = (option.required || option.optional) && !args[i]!.includes('=') && i + 1 < args.length;
    found.push(terminalSafe(takesValue ? `${args[i]} ${args[i + 1]}` : args[i]!));
    if (takesValue) i += 1;
  }
  return found;
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
      if (!arg.trim().startsWith('-') || flags.has(first) || isShortFlagGroup(first, flags))
        return [...args.slice(0, i), ...splitQuotedRun(arg), ...args.slice(i + 1)];
      return args;
    }
    if (!arg.startsWith('-')) return args;
    if (flags.get(arg)) i += 1;
  }
  return args;
}

/** `-it` as commander reads it: boolean short flags written together. */
function isShortFlagGroup(word: string, flags: Map<string, boolean>): boolean {
  return /^-[a-zA-Z]{2,}$/.test(word) && [...word.slice(1)].every((c) => flags.get(`-${c}`) === false);
}
