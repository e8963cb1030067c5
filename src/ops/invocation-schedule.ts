import { hullSchedule, type Hull } from '../core/hull.js';
import { isInvocationHullJson, parseInvocationHull } from '../core/invocation-hull-file.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES, initialBytes } from '../tracer/autotuner.js';
import type { InvocationSchedule } from '../tracer/invocation-limits.js';
import { readHullJson, uhullFromJson } from './uhull-file.js';

/** Room above a phase's peak where it is the limit: page faults land before the kernel's mark shows them. */
const HEADROOM_BYTES = 4 * MIB;

/** Where the limits between invocations came from: the file's own init and idle figures, or a plain uhull's values. */
export type ScheduleSource = 'invocation-hull' | 'uhull';

/**
 * What `invoke --autotune FILE` replays. An invocation-hull.json (from `hull` over invocations) gives the init's
 * peak, which the container starts at, and the idle time's, which the limit drops back to between invocations (never
 * under what the hull asks at an invocation's start, which is raised before the event goes out anyway). A plain
 * uhull.json knows neither: the container starts at its highest value, and between invocations the limit drops to
 * its lowest, as the function at rest is taken to need no more than the quietest moment of an invocation.
 */
export function loadInvocationSchedule(file: string): InvocationSchedule & { source: ScheduleSource } {
  const json = readHullJson(file);
  if (!isInvocationHullJson(json)) {
    const uhull = uhullFromJson(json, file);
    const top = Math.max(...uhull.mb) * MIB;
    return {
      steps: hullSchedule(uhull),
      initBytes: initialBytes([{ atMs: 0, mb: top / MIB }]),
      idleBytes: floorOf(uhull),
      source: 'uhull',
    };
  }
  const parsed = parseInvocationHull(json, file);
  const uhull = uhullFromJson(parsed.uhull, `${file} (its "uhull")`);
  const peak = (mb: number | null) => (mb === null ? 0 : Math.ceil(mb * MIB) + HEADROOM_BYTES);
  // No traced init: its need is unknown, so the container starts at the hull's top, as for a plain uhull.
  const initNeed = parsed.init.peakMb === null ? Math.max(...uhull.mb) * MIB : peak(parsed.init.peakMb);
  return {
    steps: hullSchedule(uhull),
    initBytes: initialBytes([{ atMs: 0, mb: initNeed / MIB }]),
    idleBytes: Math.max(ENGINE_MIN_LIMIT_BYTES, peak(parsed.idle.peakMb)),
    source: 'invocation-hull',
  };
}

/** The hull's lowest value, the closing 0 aside: what an invocation needs at its quietest. */
function floorOf(uhull: Hull): number {
  const values = uhull.mb.filter((mb, i) => !(i === uhull.mb.length - 1 && mb === 0));
  return Math.max(ENGINE_MIN_LIMIT_BYTES, Math.ceil(Math.min(...values) * MIB));
}
