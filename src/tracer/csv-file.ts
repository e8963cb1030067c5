import fs from 'node:fs';
import { unlink } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { NEW_FILE } from '../infra/atomic-write.js';
import { inFolder } from '../infra/folders.js';
import { OUTPUT_FOLDER, writeHint } from '../infra/out-dir.js';
import { RawCsvWriter } from '../core/raw-csv.js';
import { fileProblem, UserError } from '../core/errors.js';

/** Where a recorder sends what it keeps. */
export interface TraceSink {
  start(epochMs: number): void;
  writeBatch(samples: Float64Array): void;
  finish(epochMs: number): void;
}

/**
 * The raw CSV of one run. The file is created with its start row, so a run
 * that never starts leaves no empty file behind. It is streamed as the run
 * goes, so a partial trace stays on disk, and so it cannot be written aside and
 * renamed: it is created new under its unique name instead (NEW_FILE), never
 * truncating or following anything another user planted there.
 */
export class RawCsvFile implements TraceSink {
  private stream: fs.WriteStream | undefined;
  private writer: RawCsvWriter | undefined;
  /** A write that failed mid-run (a full disk, say); the run goes on, its partial trace kept, and the failure is told at close. */
  private failure: NodeJS.ErrnoException | undefined;
  /** Whether the file was created, so a failure can say whether anything of the trace is on disk. */
  private opened = false;

  /** The folder must exist already: the tracer checks it before any container runs. */
  constructor(readonly path: string) {}

  start(epochMs: number): void {
    let fd: number;
    try {
      // The folder is made only now, once a container runs: a run that never starts leaves no empty folder either.
      fd = inFolder(this.path, () => fs.openSync(this.path, NEW_FILE, 0o666));
    } catch (error) {
      // A run that cannot be recorded is not worth running: thrown, so the tracer removes the container at once.
      throw traceNotWritten(this.path, error as NodeJS.ErrnoException, false);
    }
    this.opened = true;
    this.stream = fs.createWriteStream(this.path, { fd });
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
    if (stream && !this.failure) {
      stream.end();
      // The last rows can fail too, as they are flushed (a full disk): said as any other failure.
      await finished(stream).catch((error: NodeJS.ErrnoException) => (this.failure ??= error));
    }
    if (!this.failure) return;
    // An empty file is no partial trace, only a name taken: it was ours (created new), so it goes.
    if (this.opened && stream?.bytesWritten === 0)
      this.opened = !(await unlink(this.path).then(
        () => true,
        () => false,
      ));
    throw traceNotWritten(this.path, this.failure, this.opened);
  }
}

/** What was lost and what is kept, in one line. */
function traceNotWritten(file: string, failure: NodeJS.ErrnoException, opened: boolean): UserError {
  if (failure.code === 'EEXIST')
    return new UserError(
      `the trace ${file} was not written: something already stood at its name, and it was left as it was`,
      'Check who else writes into that folder',
    );
  const kept = opened ? 'the rows written before that are kept, without the finish row' : 'nothing of it is on disk';
  return new UserError(`could not write the trace ${file}: ${fileProblem(failure)}; ${kept}`, writeHint(failure, OUTPUT_FOLDER));
}
