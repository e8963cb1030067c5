import { Interrupted, UserError } from '../core/errors.js';
import { planOf, type RunPlan } from '../core/run-plan.js';
import { localPathExists, toRunSpec } from '../ops/docker-run-options.js';
import { trainHull, type HullShape, type TrainingOutcome } from '../ops/hull.js';
import { openSwarm, type SwarmOptions } from '../ops/swarm.js';
import { trainHullOnSwarm } from '../ops/swarm-hull.js';
import type { LostRun } from '../ops/swarm-spread.js';
import type { HullOutcome } from './hull.js';
import type { InvokeTrainingFlags } from './hull-invoke.js';
import { statusLine, withEngineSession, withStopSignals } from './session.js';

/** `hull IMAGE ARGS…`: training on the user's own function, every run the same, here or spread over a swarm. */
export interface ImageTraining {
  plan: RunPlan;
  runs: number;
  swarm?: SwarmOptions;
}

/** The image training the flags ask for; undefined for the resize training. Checked before anything runs. */
export function imageTrainingFromFlags(
  image: string | undefined,
  args: string[],
  flags: InvokeTrainingFlags & { inputs?: string[]; fixed?: string; seed?: string },
  runs: number,
  swarm: SwarmOptions | undefined,
): ImageTraining | undefined {
  if (image === undefined) {
    if (swarm && flags.invoke) {
      throw new UserError('hull --invoke does not go with --on swarm yet', 'Run it here without --on swarm');
    }
    if (swarm) {
      throw new UserError(
        'hull --on swarm trains on an image of yours: the resize training reads its inputs from this machine',
        'Give the image and its arguments: functracer hull --on swarm IMAGE ARGS…',
      );
    }
    return undefined;
  }
  const resize = (flags.inputs && '--inputs') || (flags.fixed && '--fixed') || (flags.seed && '--seed');
  if (resize)
    throw new UserError(`${resize} is for the resize training, and ${image} was given to train on`, `Drop ${resize}, or the image`);
  if (flags.invoke) {
    throw new UserError(
      `--invoke trains on a Lambda-style image's invocations, and ${image} was given to train on`,
      'Drop --invoke, or the image',
    );
  }
  const session = (flags.event && '--event') || (flags.invocations && '--invocations') || (flags.memory && '--memory');
  if (session) throw new UserError(`${session} is for --invoke, and ${image} is trained on as it runs`, `Drop ${session}`);
  const plan = planOf(toRunSpec({ network: 'none' }, image, args, process.cwd(), localPathExists));
  return { plan, runs, ...(swarm ? { swarm } : {}) };
}

/** The runs of the image, then the hull of those that succeeded, by the same code wherever the runs were made. */
export async function trainOnImage(
  training: ImageTraining,
  shape: HullShape,
  flags: { json?: boolean; out: string },
): Promise<HullOutcome> {
  const status = statusLine(!flags.json);
  const { plan, runs, swarm } = training;
  const onRunStart = (index: number) => status(`training run ${index + 1}/${runs} …`);
  const { outcome, lost, stoppedBy } = swarm
    ? await withStopSignals(async (signal, stoppedBy) => {
        const session = await openSwarm(plan, swarm, status, signal);
        const trained = await trainHullOnSwarm(
          session,
          { ...shape, runs },
          { outDir: flags.out },
          { signal, onStatus: status, onRunStart },
        );
        return { outcome: trained, lost: trained.lost, stoppedBy: stoppedBy() };
      })
    : await withEngineSession(async ({ runtime, signal, stoppedBy }) => {
        const trained = await trainHull(runtime, { ...shape, inputs: [], runs, plan }, { outDir: flags.out }, { signal, onRunStart });
        return { outcome: trained, lost: [] as LostRun[], stoppedBy: stoppedBy() };
      });
  status('');
  return hullOutcomeOf(outcome, runs, lost, stoppedBy, flags.out);
}

function hullOutcomeOf(
  outcome: TrainingOutcome,
  runs: number,
  lost: LostRun[],
  stoppedBy: HullOutcome['stoppedBy'],
  out: string,
): HullOutcome {
  if (!outcome.hull || !outcome.uhull) {
    const first = outcome.excluded[0]?.reason ?? lost[0]?.message ?? 'none finished';
    const message = `no training run succeeded, so there is no hull: ${first}`;
    if (stoppedBy) throw new Interrupted(stoppedBy, `${message}; the traces that came back are in ${out}`);
    throw new UserError(message, `The traces that came back are in ${out}`);
  }
  const left = new Set(outcome.excluded.map((e) => e.index));
  const traces = outcome.results.flatMap((r, i) =>
    left.has(i)
      ? []
      : [
          {
            input: outcome.inputs[i]!,
            rawCsv: r.rawCsv,
            exitCode: r.exitCode,
            oomKilled: r.oomKilled,
            ...(r.node ? { node: r.node } : {}),
          },
        ],
  );
  return {
    hull: outcome.hull,
    uhull: outcome.uhull,
    traces,
    excluded: outcome.excluded.map(({ input, reason, rawCsv }) => ({ input, reason, rawCsv })),
    interrupted: outcome.interrupted,
    runs: { asked: runs, finished: outcome.results.filter((r) => !r.interrupted).length },
    ...(lost.length > 0 || outcome.results.some((r) => r.node) ? { lost } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}
