import fs from 'node:fs';
import path from 'node:path';
import { makeFolders } from '../infra/out-dir.js';
import { RawCsvWriter } from '../core/raw-csv.js';
import { UserError } from '../core/errors.js';

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
  /** A write that failed mid-run (a full disk, say); the run goes on and the failure is told at close. */
  private failure: NodeJS.ErrnoException | undefined;

  /** The folder must exist already: the tracer checks it before any container runs. */
  constructor(readonly path: string) {}

  start(epochMs: number): void {
    // Made only now, once a container runs: a run that never starts leaves no empty folder either.
    makeFolders(path.dirname(this.path));
    this.stream = fs.createWriteStream(this.path);
    this.stream.on('error', (error) => {
      this.failure ??= error;
      this.writer = undefined;
    });
    this.writer = new RawCsvWriter(this.stream);
    this.writer.start(epochMs);
  }

  writeBatch(samples: Float64Array): void {
    this.writer?.writeBatch(samples);
  }

  finish(epochMs: number): void {
    this.writer?.finish(epochMs);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (stream && !this.failure) await new Promise<void>((resolve) => stream.end(resolve));
    if (this.failure) {
      throw new UserError(
        `could not write the trace ${this.path} (${this.failure.code ?? this.failure.message})`,
        'Free some space or choose another --out folder',
      );
    }
  }
}
