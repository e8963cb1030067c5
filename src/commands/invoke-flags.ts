import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import type { LambdaEvent } from '../core/lambda-events.js';
import { DEFAULT_TIMEOUT_MS, invocationCount, loadEvents, timeoutMsFrom } from '../ops/lambda-events.js';

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

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** --event, --invocations and --timeout, as `invoke` has them (its -n is --invocations here: -n counts runs). */
export function addEventOptions(command: Command, what = 'run'): Command {
  return command
    .option('--event <file>', `for a Lambda-style image: a JSON event or JSON lines, handed out in order (repeatable)`, collect)
    .option('--invocations <n>', `for a Lambda-style image: events handed out each ${what} (default: one per event)`)
    .option('--timeout <s>', "for a Lambda-style image: the function's timeout in seconds, as Lambda's", String(DEFAULT_TIMEOUT_MS / 1000));
}

/** The flags as a session takes them; checked before anything runs. */
export function sessionEventsFromFlags(flags: EventFlags): SessionEvents {
  const events = loadEvents(flags.event ?? []);
  const invocations = invocationCount(events, flags.invocations ?? '', '--invocations');
  const timeoutMs = timeoutMsFrom(flags.timeout ?? String(DEFAULT_TIMEOUT_MS / 1000), '--timeout');
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
