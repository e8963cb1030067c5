import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { planOf } from '../core/run-plan.js';
import type { HullShape } from '../ops/hull.js';
import { noWarmInvocation, trainInvocationHull, type InvocationTrainingRequest } from '../ops/invocation-hull.js';
import { localPathExists, toRunSpec } from '../ops/docker-run-options.js';
import { refuseOwnRuntimeApi, withMemorySize } from '../ops/lambda-spec.js';
import { addEventOptions, sessionEventsFromFlags, type EventFlags } from './invoke-flags.js';
import type { HullOutcome } from './hull.js';
import { statusLine, withEngineSession } from './session.js';

/** `hull --invoke IMAGE`: training over the invocations of a Lambda-style function. */
export interface InvokeTrainingFlags extends EventFlags {
  invoke?: string;
  memory?: string;
}

export function addInvokeTrainingOptions(command: Command): Command {
  return addEventOptions(
    command
      .option('--invoke <image>', 'train over the warm invocations of this Lambda-style image, --runs sessions of it')
      .option('--memory <size>', "for --invoke: the function's memory size (default 128m, as Lambda's)"),
    'session',
  );
}

/** The sessions to run, or undefined for a training of the resize function. */
export function invokeTrainingFromFlags(
  flags: InvokeTrainingFlags & { inputs?: string[]; fixed?: string; seed?: string; out: string },
  runs: number,
) {
  if (!flags.invoke) {
    if (flags.event || flags.invocations || flags.memory) {
      throw new UserError('--event, --invocations and --memory are for --invoke', 'Add --invoke IMAGE, or drop them');
    }
    return undefined;
  }
  if (flags.inputs || flags.fixed || flags.seed) {
    throw new UserError('--inputs, --fixed and --seed choose resize inputs, and --invoke trains on a Lambda function', 'Drop them');
  }
  const spec = withMemorySize(
    toRunSpec({ network: 'auto', ...(flags.memory ? { memory: flags.memory } : {}) }, flags.invoke, [], process.cwd(), localPathExists),
  );
  refuseOwnRuntimeApi(spec);
  const request: InvocationTrainingRequest = {
    plan: planOf(spec),
    ...sessionEventsFromFlags(flags),
    sessions: runs,
    trace: { outDir: flags.out },
  };
  return request;
}

/** The sessions one after another, then the hull of one warm invocation over them all. */
export async function trainOnInvocations(
  request: InvocationTrainingRequest,
  shape: HullShape,
  flags: { json?: boolean; out: string },
): Promise<HullOutcome> {
  const status = statusLine(!flags.json);
  return withEngineSession(async ({ runtime, signal, stoppedBy }) => {
    const trained = await trainInvocationHull(runtime, request, shape, {
      signal,
      onStatus: status,
      onSessionStart: (index) => status(`training session ${index + 1}/${request.sessions} …`),
    });
    status('');
    if (!trained.hull) throw noWarmInvocation(`the ${trained.sessions.length} session(s)`);
    const stopped = stoppedBy();
    const traces = trained.sessions.flatMap((session) => session.runs.map((run) => ({ input: session.image, rawCsv: run.rawCsv })));
    return {
      hull: trained.hull.hull,
      uhull: trained.hull.uhull,
      traces,
      excluded: [],
      interrupted: trained.interrupted,
      runs: { asked: request.sessions, finished: trained.sessions.filter((s) => !s.interrupted).length },
      invocation: trained.hull,
      ...(stopped ? { stoppedBy: stopped } : {}),
    };
  });
}
