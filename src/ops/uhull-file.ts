import { fileProblem, isUserError, UserError } from '../core/errors.js';
import { readOwnFileSync } from '../infra/own-file.js';
import { hullFromJson, hullSchedule, type AllocationStep, type Hull } from '../core/hull.js';
import { MAX_MEMORY_BYTES, MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES } from '../tracer/autotuner.js';

interface UhullFile {
  hull: Hull;
  /** The parsed object, so a complaint can quote the key as the file spells it. */
  json: object;
}

/** Reads an upscaling hull in the original format; any non-negative values a machine can have are accepted. */
function readUhull(file: string): UhullFile {
  return checkedUhull(readHullJson(file), file);
}

/** A hull file's JSON: only a regular file of yours or root's (it may sit in a shared folder), of a size a hull can have. */
export function readHullJson(file: string): unknown {
  let text: string;
  try {
    text = readOwnFileSync(file, {
      what: 'upscaling hull',
      maxBytes: MAX_UHULL_BYTES,
      hint: 'Pass a uhull.json written by functracer hull',
    });
  } catch (error) {
    if (isUserError(error)) throw error;
    // Only a missing file calls for a training; anything else is the path's fault.
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      `cannot read ${file}: ${fileProblem(error)}`,
      missing ? 'Train one first: functracer hull' : 'Pass a uhull.json written by functracer hull',
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not JSON (${(error as Error).message})`, 'Pass a uhull.json written by functracer hull');
  }
}

/** An upscaling hull in the original format, its values within what a machine can have. */
function checkedUhull(json: unknown, file: string): UhullFile {
  const hull = hullFromJson(json, file);
  refuseBeyondBounds(file, hull, json as object);
  return { hull, json: json as object };
}

/** A day of 0.1 s steps at 20 bytes each is 17 MB; a hull file beyond this is no hull. */
const MAX_UHULL_BYTES = 32 * 1024 * 1024;

/** A day: traces time their rows within one, so a later step is a typo that a timer could not even wait for. */
const MAX_HULL_MS = 24 * 3600 * 1000;
const MAX_MB = MAX_MEMORY_BYTES / MIB;

/**
 * Values no engine or machine has: 1e300 MB would reach the engine as a limit it cannot hold in an int64, and
 * a price as Infinity. Refused by their key, as the file spells it.
 */
function refuseBeyondBounds(file: string, hull: Hull, json: object): void {
  hull.mb.forEach((mb, i) => {
    if (mb > MAX_MB) {
      throw new UserError(
        `${file} asks for ${mb} MB at "${keyOf(hull, json, i)}", more than any machine has (1 PiB)`,
        'Values are MB, such as 121.5; train the hull again with functracer hull',
      );
    }
  });
  const last = hull.buckets.length - 1;
  if (hull.buckets[last]! * hull.stepMs > MAX_HULL_MS) {
    throw new UserError(
      `${file} has the key "${keyOf(hull, json, last)}", more than a day after the start`,
      'Keys are seconds since start, such as "0.0" and "0.1"; train the hull again with functracer hull',
    );
  }
}

/** The key of the hull's i-th step as the file spells it. */
function keyOf(hull: Hull, json: object, i: number): string {
  return Object.keys(json).find((k) => Math.round(Number(k) * 1000) === hull.buckets[i]! * hull.stepMs) ?? String(i);
}

/**
 * An upscaling hull as an allocation schedule to price (`cost --uhull`). Any
 * non-negative MB is a price question, so no engine minimum applies: the
 * provider rounds each step up to its own tiers.
 */
export function loadPricingSchedule(file: string): AllocationStep[] {
  return hullSchedule(readUhull(file).hull);
}

/**
 * An upscaling hull as a limit schedule for autotuning a real container
 * (`run --uhull`, `multi --uhull`). A value under the engine's minimum limit is
 * refused by name, since the engine would refuse it mid-run; the closing 0 only
 * marks the end.
 */
export function loadUhullSchedule(file: string): AllocationStep[] {
  return hullSchedule(replayableHull(readUhull(file), file));
}

/** A parsed uhull object (one inside another file) as a limit schedule for a real container, checked as `loadUhullSchedule` checks. */
export function uhullFromJson(json: unknown, source: string): Hull {
  return replayableHull(checkedUhull(json, source), source);
}

function replayableHull({ hull, json }: UhullFile, file: string): Hull {
  const minMb = ENGINE_MIN_LIMIT_BYTES / MIB;
  hull.mb.forEach((mb, i) => {
    const isEndMarker = i === hull.mb.length - 1 && mb === 0;
    if (mb < minMb && !isEndMarker) {
      throw new UserError(
        `${file} asks for ${mb} MB at "${keyOf(hull, json, i)}", below the engine's minimum limit of ${minMb} MB`,
        'Raise the value, or train with a --buffer',
      );
    }
  });
  return hull;
}
