import fs from 'node:fs';
import { UserError } from '../core/errors.js';
import { hullFromJson, hullSchedule, type AllocationStep } from '../core/hull.js';
import { MIB } from '../core/units.js';
import { ENGINE_MIN_LIMIT_BYTES } from '../tracer/autotuner.js';

/**
 * Reads an upscaling hull and turns it into a limit schedule. A value under
 * the engine's minimum is refused by name; the closing 0 only marks the end.
 */
export function loadUhullSchedule(file: string): AllocationStep[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Train one first: functracer hull');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not JSON (${(error as Error).message})`, 'Pass a uhull.json written by functracer hull');
  }
  const hull = hullFromJson(json, file);
  const minMb = ENGINE_MIN_LIMIT_BYTES / MIB;
  hull.mb.forEach((mb, i) => {
    const isEndMarker = i === hull.mb.length - 1 && mb === 0;
    if (mb < minMb && !isEndMarker) {
      const key = Object.keys(json as object).find((k) => Math.round(Number(k) * 1000) === hull.buckets[i]! * hull.stepMs) ?? String(i);
      throw new UserError(
        `${file} asks for ${mb} MB at "${key}", below the engine's minimum limit of ${minMb} MB`,
        'Raise the value, or train with a --buffer',
      );
    }
  });
  return hullSchedule(hull);
}
