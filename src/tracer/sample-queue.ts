import { SAMPLE_STRIDE } from '../core/trace.js';

/**
 * Samples (epoch ms, bytes, limit, cpu) waiting to go to the CSV, in one
 * reused buffer. A new array a batch, each living half a second, outlived two
 * young-generation collections and grew the old one: an hour-long run's memory
 * crept up by tens of MB of garbage.
 */
export class SampleQueue {
  private buffer = new Float64Array(4096 * SAMPLE_STRIDE);
  private start = 0;
  private end = 0;

  push(timeMs: number, bytes: number, limit: number, cpu: number): void {
    if (this.end + SAMPLE_STRIDE > this.buffer.length) this.makeRoom();
    const at = this.end;
    this.buffer[at] = timeMs;
    this.buffer[at + 1] = bytes;
    this.buffer[at + 2] = limit;
    this.buffer[at + 3] = cpu;
    this.end += SAMPLE_STRIDE;
  }

  /**
   * Takes out the samples from the front up to `upToMs`, handed as a view that is valid only until the next
   * push: the CSV writer formats it at once. Undefined when none is due.
   */
  takeUpTo(upToMs: number): Float64Array | undefined {
    let at = this.start;
    while (at < this.end && this.buffer[at]! <= upToMs) at += SAMPLE_STRIDE;
    if (at === this.start) return undefined;
    const taken = this.buffer.subarray(this.start, at);
    this.start = at;
    return taken;
  }

  /** Leaves out what came after `endMs` (on whole ms), but for the first sample after it, moved to it. */
  endAt(endMs: number): void {
    for (let at = this.start; at < this.end; at += SAMPLE_STRIDE) {
      if (Math.floor(this.buffer[at]!) <= endMs) continue;
      this.buffer[at] = endMs;
      this.end = at + SAMPLE_STRIDE;
      return;
    }
  }

  private makeRoom(): void {
    const waiting = this.end - this.start;
    // Grown only when more than half is waiting: else the waiting samples move to the front.
    const target = waiting * 2 > this.buffer.length ? new Float64Array(this.buffer.length * 2) : this.buffer;
    target.set(this.buffer.subarray(this.start, this.end));
    this.buffer = target;
    this.start = 0;
    this.end = waiting;
  }
}
