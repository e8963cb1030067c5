import type { Writable } from 'node:stream';
import { SAMPLE_STRIDE } from './trace.js';

/** Local wall-clock time as the original testbed wrote it: HH:MM:SS.mmm. */
export function formatClock(epochMs: number): string {
  const d = new Date(Math.floor(epochMs));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Streams a raw trace in the original format while the run goes on, so an
 * interrupted run leaves a readable partial trace. Rows: the start time with 0,
 * one row per sample, then the finish time with 0.
 */
export class RawCsvWriter {
  private started = false;
  private finished = false;

  constructor(
    private readonly out: Writable,
    private readonly withLimit = true,
  ) {}

  start(epochMs: number): void {
    if (this.started) return;
    this.started = true;
    this.out.write(this.row(epochMs, 0, NaN));
  }

  writeBatch(batch: Float64Array): void {
    if (!this.started || this.finished) return;
    let text = '';
    for (let i = 0; i + SAMPLE_STRIDE <= batch.length; i += SAMPLE_STRIDE) {
      text += this.row(batch[i]!, batch[i + 1]!, batch[i + 2]!);
    }
    if (text) this.out.write(text);
  }

  finish(epochMs: number): void {
    if (!this.started || this.finished) return;
    this.finished = true;
    this.out.write(this.row(epochMs, 0, NaN));
  }

  private row(epochMs: number, bytes: number, limit: number): string {
    const clock = formatClock(epochMs);
    if (!this.withLimit || Number.isNaN(limit)) return `${clock},${bytes}\n`;
    return `${clock},${bytes},${limit}\n`;
  }
}
