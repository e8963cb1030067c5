import type { CostEntry } from '../../ops/price.js';
import { exitText, formatRunReport } from '../../report/run-report.js';
import { hangingWrap } from '../../core/text-width.js';
import { millis } from '../../core/units.js';
import type { SessionSnapshot } from '../trace-session.js';
import { count, mb, seconds } from '../../report/figures.js';

/** As `functracer run` lays out its report. */
const LABEL_WIDTH = 19;

/**
 * The report under the chart once the run ends: `functracer run`'s own text,
 * line by line, so the screen and the CLI never disagree. A recorded trace has
 * no container to report on, so it gets the facts its CSV and its run record hold.
 */
export function reportLines(snapshot: SessionSnapshot, cost: CostEntry[], width: number): string[] {
  if (snapshot.result) return formatRunReport(snapshot.result, cost, { width }).split('\n');
  if (snapshot.phase !== 'recorded') return [];
  const row = (label: string, value: string) => hangingWrap(label.padEnd(LABEL_WIDTH), value, width);
  const record = snapshot.record;
  const duration = snapshot.durationMs ?? 0;
  // The record's peak is the one its run reported (the kernel's mark where there was one); the rows hold only samples.
  const peak = record?.peakBytes ?? snapshot.trace.peakBytes;
  return [
    ...row('Raw trace', snapshot.rawCsv ?? snapshot.title),
    ...(snapshot.outputFile ? row('Its output', snapshot.outputFile) : []),
    ...(record ? [...row('Image', [record.image, ...record.args].join(' ')), ...row('Exit code', exitText(record))] : []),
    ...row('Max memory usage', `${count(peak)} bytes, ${mb(peak)} (${record?.peakSource === 'kernel' ? "kernel's mark" : 'sampled'})`),
    ...row('Duration', `${millis(duration)} ms (${seconds(duration)})`),
    ...row('Samples', `${count(snapshot.samples)} at ${count(snapshot.trace.samplesPerSecond)}/s`),
    ...(snapshot.notes ?? []).flatMap((note) => row('Note', note)),
    '',
    'Open the cost screen (c) to compare providers for this trace.',
  ];
}
