import type { RunRecord } from '../core/run-record.js';
import { hangingWrap } from '../core/text-width.js';
import { millis } from '../core/units.js';
import { count, mb, seconds } from './figures.js';
import { exitText, REPORT_LABEL_WIDTH } from './run-report.js';

/** What a recorded trace tells of its run: its rows, and the record its run left beside it where there is one. */
export interface RecordedRunFacts {
  /** The trace's file, or the title it is shown under when it has none. */
  file: string;
  outputFile?: string;
  record?: RunRecord;
  durationMs: number;
  /** Samples in the rows. */
  samples: number;
  samplesPerSecond: number;
  /** The highest sample in the rows; the record's peak is said instead where there is one. */
  sampledPeakBytes: number;
  /** What was assumed to read the file. */
  notes: readonly string[];
}

/**
 * A recorded trace has no container to report on, so it gets the facts its CSV and its run record hold,
 * laid out as `functracer run` lays out its report.
 */
export function formatRecordedRun(facts: RecordedRunFacts, width: number): string[] {
  const row = (label: string, value: string) => hangingWrap(label.padEnd(REPORT_LABEL_WIDTH), value, width);
  const { record, durationMs: duration } = facts;
  // The record's peak is the one its run reported (the kernel's mark where there was one); the rows hold only samples.
  const peak = record?.peakBytes ?? facts.sampledPeakBytes;
  return [
    ...row('Raw trace', facts.file),
    ...(facts.outputFile ? row('Its output', facts.outputFile) : []),
    ...(record ? [...row('Image', [record.image, ...record.args].join(' ')), ...row('Exit code', exitText(record))] : []),
    ...row('Max memory usage', `${count(peak)} bytes, ${mb(peak)} (${record?.peakSource === 'kernel' ? "kernel's mark" : 'sampled'})`),
    ...row('Duration', `${millis(duration)} ms (${seconds(duration)})`),
    ...row('Samples', `${count(facts.samples)} at ${count(facts.samplesPerSecond)}/s`),
    ...facts.notes.flatMap((note) => row('Note', note)),
  ];
}
