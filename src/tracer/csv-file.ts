import fs from 'node:fs';
import path from 'node:path';
import { RawCsvWriter } from '../core/raw-csv.js';

/** Where a recorder sends what it keeps. */
export interface TraceSink {
  start(epochMs: number): void;
  writeBatch(samples: Float64Array): void;
  finish(epochMs: number): void;
}

/**
 * The raw CSV of one run. The file is created with its start row, so a run
 * that never starts leaves no empty file behind.
 */
export class RawCsvFile implements TraceSink {
  private stream: fs.WriteStream | undefined;
  private writer: RawCsvWriter | undefined;

  constructor(readonly path: string) {}

  start(epochMs: number): void {
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    this.stream = fs.createWriteStream(this.path);
    this.writer = new RawCsvWriter(this.stream);
    this.writer.start(epochMs);
  }

  writeBatch(samples: Float64Array): void {
    this.writer?.writeBatch(samples);
  }

  finish(epochMs: number): void {
    this.writer?.finish(epochMs);
  }

  close(): Promise<void> {
    const stream = this.stream;
    return stream ? new Promise((resolve) => stream.end(resolve)) : Promise.resolve();
  }
}
