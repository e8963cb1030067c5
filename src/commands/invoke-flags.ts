import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import type { LambdaEvent } from '../core/lambda-events.js';
import { loadEvents } from '../ops/lambda-events.js';
import { numberFlag } from './flags.js';

/** What multi, hull and tune take to invoke a Lambda-style function as `invoke` does, each run a session. */
export interface EventFlags {
  event?: string[];
  invocations?: string;
  timeout?: string;
}

/** The events of one session, how many to hand out, and the function's timeout. */
export interface SessionEvents {
  events: LambdaEvent[];
  invocations: number;
  timeoutMs: number;
}

/** One session's events go into one run record, which holds a bounded number of them (as `invoke`). */
const MAX_INVOCATIONS = 1000;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** --event, --invocations and --timeout, as `invoke` has them (its -n is --invocations here: -n counts runs). */
export function addEventOptions(command: Command, what = 'run'): Command {
  return command
    .option('--event <file>', `for a Lambda-style image: a JSON event or JSON lines, handed out in order (repeatable)`, collect)
    .option('--invocations <n>', `for a Lambda-style image: events handed out each ${what} (default: one per event)`)
    .option('--timeout <s>', "for a Lambda-style image: the function's timeout in seconds, as Lambda's", '3');
}

/** The flags as a session takes them; checked before anything runs. */
export function sessionEventsFromFlags(flags: EventFlags): SessionEvents {
  const events = loadEvents(flags.event ?? []);
  const invocations =
    flags.invocations === undefined
      ? events.length
      : numberFlag(flags.invocations, '--invocations', { kind: 'positive integer', max: MAX_INVOCATIONS, example: '10' });
  if (invocations > MAX_INVOCATIONS) {
    throw new UserError(
      `the event files hold ${events.length.toLocaleString('en-US')} events, more than the ${MAX_INVOCATIONS.toLocaleString('en-US')} one session hands out`,
      `Give --invocations ${MAX_INVOCATIONS} or fewer to hand out the first ones`,
    );
  }
  const timeoutMs =
    numberFlag(flags.timeout ?? '3', '--timeout', {
      kind: 'positive',
      min: 0.01,
      max: 900,
      example: '3',
      why: "Lambda's own limit is 900 s",
    }) * 1000;
  return { events, invocations, timeoutMs };
}

/** The event flags the user gave, as `--name`. */
export function givenEventFlags(command: Command): string[] {
  return (['event', 'invocations', 'timeout'] as const)
    .filter((name) => command.getOptionValueSource(name) === 'cli')
    .map((name) => `--${name}`);
}

/** Event flags given for an image that is no Lambda function would be ignored: refused, so the runs are what the user thinks. */
export function refuseUnusedEventFlags(given: readonly string[], image: string): void {
  if (given.length === 0) return;
  throw new UserError(
    `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} for a Lambda-style image, and ${image} runs once and exits`,
    'Drop them, or give the image of a Lambda function',
  );
}
