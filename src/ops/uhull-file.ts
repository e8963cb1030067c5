import fs from 'node:fs';
import { fileProblem, UserError } from '../core/errors.js';
import { hullFromJson, hullSchedule, type AllocationStep, type Hull } from '../core/hull.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES } from '../tracer/autotuner.js';

interface UhullFile {
  hull: Hull;
  /** The parsed object, so a complaint can quote the key as the file spells it. */
  json: object;
}

/** Reads an upscaling hull in the original format; any non-negative values are accepted. */
function readUhull(file: string): UhullFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    // Only a missing file calls for a training; anything else is the path's fault.
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      `cannot read ${file}: ${fileProblem(error)}`,
      missing ? 'Train one first: functracer hull' : 'Pass a uhull.json written by functracer hull',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not JSON (${(error as Error).message})`, 'Pass a uhull.json written by functracer hull');
  }
  return { hull: hullFromJson(json, file), json: json as object };
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
  const { hull, json } = readUhull(file);
  const minMb = ENGINE_MIN_LIMIT_BYTES / MIB;
  hull.mb.forEach((mb, i) => {
    const isEndMarker = i === hull.mb.length - 1 && mb === 0;
    if (mb < minMb && !isEndMarker) {
      const key = Object.keys(json).find((k) => Math.round(Number(k) * 1000) === hull.buckets[i]! * hull.stepMs) ?? String(i);
      throw new UserError(
        `${file} asks for ${mb} MB at "${key}", below the engine's minimum limit of ${minMb} MB`,
        'Raise the value, or train with a --buffer',
      );
    }
  });
  return hullSchedule(hull);
}
