import type { TraceFile } from '../services.js';
import { count } from '../../report/figures.js';

/**
 * A recorded trace as the home screen lists it: when it ran, then what ran
 * (from its run record), or its size where there is no record.
 */
export function traceFileLabel(file: TraceFile): string {
  const stem = file.name.replace(/^functracer-/, '').replace(/-rawresults\.csv$/, '');
  const stamp = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(stem);
  const when = stamp ? `${stamp[2]}-${stamp[3]} ${stamp[4]}:${stamp[5]}:${stamp[6]}` : stem;
  if (!file.run) return `${when}  ${count(file.bytes / 1024)} KB`;
  return `${when}  ${[file.run.image.replace(/^functracer\//, ''), ...file.run.args].join(' ')}`;
}
