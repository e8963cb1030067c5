import type { TraceFile } from '../services.js';
import { count } from '../../report/figures.js';

/**
 * A recorded trace as the home screen lists it: when it ran, then what ran
 * (from its run record), or its size where there is no record, and that a
 * record beside it was refused (Enter on it says why).
 */
export function traceFileLabel(file: TraceFile): string {
  const stem = file.name.replace(/^functracer-/, '').replace(/-rawresults\.csv$/, '');
  const stamp = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(stem);
  const when = stamp ? `${stamp[2]}-${stamp[3]} ${stamp[4]}:${stamp[5]}:${stamp[6]}` : stem;
  if (!file.run) return `${when}  ${sizeText(file.bytes)}${file.recordRefused ? '  record refused' : ''}`;
  return `${when}  ${[file.run.image.replace(/^functracer\//, ''), ...file.run.args].join(' ')}`;
}

/** A small trace is "under 1 KB", not "0 KB", which reads as empty. */
function sizeText(bytes: number): string {
  return bytes > 0 && bytes < 1024 ? 'under 1 KB' : `${count(bytes / 1024)} KB`;
}
