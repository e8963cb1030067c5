import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isUserError, UserError } from '../core/errors.js';
import { planOf, type RunPlan, type RunSpec } from '../core/run-plan.js';
import type { RunRecord } from '../core/run-record.js';
import { hostPathTrust } from '../infra/host-paths.js';
import { toRunSpec, type RunOptionValues } from './docker-run-options.js';

/**
 * A recorded run as it may be run again: the plan functracer makes afresh from the record's image, arguments and
 * options, and what in it the user must confirm first, one line each. With no asks it runs as any plan does.
 */
export interface RecordedPlan {
  plan: RunPlan;
  asks: string[];
}

/** Compared between the record and what is made of it; the image and arguments are the record's own by then. */
const SPEC_KEYS = [
  'entrypoint',
  'env',
  'workdir',
  'user',
  'binds',
  'memoryBytes',
  'memorySwapBytes',
  'nanoCpus',
  'networkMode',
] as const satisfies readonly (keyof RunSpec)[];

/** The mount options a bind may carry unasked: read-only or not, and SELinux labels. */
const PLAIN_MOUNT_OPTIONS = new Set(['ro', 'rw', 'z', 'Z']);

/**
 * Records are data, not commands: a run record's plan is never run as it stands. It is made again from what the
 * record names, through the same option parsing a command line goes through, and must come out the same.
 * What functracer would never make is refused (a UserError): an entrypoint of several words, mounts of the
 * host's system, engine socket or keys, a plan for another image than the record names, anything
 * functracer's options cannot express. What it makes only when asked for is listed for confirmation: a network
 * other than none, a user, an entrypoint, mounts of folders that are not the user's own.
 */
export function replanRecord(record: RunRecord, recordFile: string): RecordedPlan | undefined {
  const recorded = record.plan;
  if (!recorded) return undefined;
  const refuse = (what: string) =>
    new UserError(
      `functracer will not run ${path.basename(recordFile)} again: ${what}`,
      'A record is run again only as functracer would make it; run the image with functracer run instead',
    );
  const { spec } = recorded;
  if (spec.image !== record.image || !isDeepStrictEqual(spec.args, record.args)) {
    throw refuse(`its plan runs ${[spec.image, ...spec.args].join(' ')}, not the ${record.image} it names`);
  }
  if (spec.entrypoint && spec.entrypoint.length !== 1) {
    throw refuse(`its entrypoint has ${spec.entrypoint.length} words, where --entrypoint sets one`);
  }
  let made: RunSpec;
  try {
    made = toRunSpec(optionsOf(spec), record.image, record.args);
  } catch (error) {
    throw isUserError(error) ? refuse(error.message) : error;
  }
  const differs = SPEC_KEYS.find((key) => !isDeepStrictEqual(made[key], spec[key]));
  if (differs) throw refuse(`its ${differs} is not what functracer makes of the options it records`);
  const asks = specAsks(made);
  // Each host path as its links resolve now: a link swapped after this check cannot redirect the mount.
  const binds = made.binds.map((bind) => reviewBind(bind, refuse));
  const scratch = recorded.scratch && reviewScratch(recorded.scratch, refuse);
  asks.push(...binds.flatMap((b) => b.asks), ...(scratch?.asks ?? []));
  const plan: RunPlan = { ...planOf({ ...made, binds: binds.map((b) => b.bind) }), ...(scratch ? { scratch: scratch.scratch } : {}) };
  return { plan, asks };
}

type Scratch = NonNullable<RunPlan['scratch']>;

/** The options of `functracer run` that make `spec`. */
function optionsOf(spec: RunSpec): RunOptionValues {
  return {
    network: spec.networkMode,
    volume: spec.binds,
    env: spec.env,
    ...(spec.workdir !== undefined ? { workdir: spec.workdir } : {}),
    ...(spec.user !== undefined ? { user: spec.user } : {}),
    ...(spec.entrypoint ? { entrypoint: spec.entrypoint[0]! } : {}),
    // In bytes, as --memory 536870912 takes them.
    ...(spec.memoryBytes !== undefined ? { memory: String(spec.memoryBytes) } : {}),
    ...(spec.memorySwapBytes !== undefined ? { memorySwap: String(spec.memorySwapBytes) } : {}),
    ...(spec.nanoCpus !== undefined ? { cpus: String(spec.nanoCpus / 1e9) } : {}),
  };
}

function specAsks(spec: RunSpec): string[] {
  const asks: string[] = [];
  if (spec.networkMode !== 'none') {
    asks.push(
      spec.networkMode === 'host'
        ? "the host's network (it reaches every service on this machine)"
        : `the network ${JSON.stringify(spec.networkMode)}`,
    );
  }
  if (spec.user !== undefined) asks.push(`to run as user ${JSON.stringify(spec.user)}`);
  if (spec.entrypoint) asks.push(`the entrypoint ${JSON.stringify(spec.entrypoint[0])}, not the image's own`);
  return asks;
}

/** A bind with its host path resolved, or refused, and what it asks for. */
function reviewBind(bind: string, refuse: (what: string) => UserError): { bind: string; asks: string[] } {
  const [host = '', container = '', ...rest] = bind.split(':');
  const options = rest.join(':').split(',').filter(Boolean);
  const asks = options.filter((o) => !PLAIN_MOUNT_OPTIONS.has(o)).map((o) => `the mount option ${JSON.stringify(o)} on ${container}`);
  if (!path.posix.isAbsolute(container) || path.posix.normalize(container) === '/') {
    throw refuse(`it mounts ${host} at ${JSON.stringify(container)}, not a folder in the container`);
  }
  const how = options.includes('ro') ? ' read-only' : '';
  if (!host.startsWith('/')) return { asks: [...asks, `the named volume ${JSON.stringify(host)} at ${container}${how}`], bind };
  const trust = hostPathTrust(host);
  if (trust.trust === 'sensitive') throw refuse(`it mounts ${host}, which ${trust.why}`);
  if (trust.trust === 'foreign') asks.push(`to mount ${host} at ${container}${how}: it ${trust.why}`);
  return { asks, bind: [trust.real, container, ...rest].join(':') };
}

function reviewScratch(scratch: Scratch, refuse: (what: string) => UserError): { scratch: Scratch; asks: string[] } {
  if (!path.posix.isAbsolute(scratch.mountPoint) || path.posix.normalize(scratch.mountPoint) === '/') {
    throw refuse(`its scratch folder goes at ${JSON.stringify(scratch.mountPoint)}, not a folder in the container`);
  }
  if (scratch.from === undefined) return { asks: [], scratch: { mountPoint: scratch.mountPoint } };
  if (!path.isAbsolute(scratch.from)) throw refuse(`its scratch copy is of ${scratch.from}, not an absolute path`);
  const trust = hostPathTrust(scratch.from);
  if (trust.trust === 'sensitive') throw refuse(`it copies ${scratch.from}, which ${trust.why}`);
  const asks = trust.trust === 'foreign' ? [`a copy of ${scratch.from} at ${scratch.mountPoint}: it ${trust.why}`] : [];
  return { asks, scratch: { from: trust.real, mountPoint: scratch.mountPoint } };
}
