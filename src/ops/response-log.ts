import fs from 'node:fs';
import { fileProblem } from '../core/errors.js';
import { NEW_FILE } from '../infra/atomic-write.js';
import { inFolder } from '../infra/folders.js';

/** One invocation's answer as the log keeps it. */
export interface LoggedAnswer {
  invocation: number;
  requestId: string;
  event: string;
  outcome: string;
  /** The response as the function sent it (UTF-8), where it sent one that Lambda would pass on. */
  response?: string;
  errorType?: string;
  errorMessage?: string;
  bytes: number;
}

/**
 * The answers of one container's invocations, one JSON line each, beside its trace (`…-responses.jsonl`). Written
 * as they come, since a session can hold a thousand 6 MB responses; created new under its unique name, as the
 * raw trace is, never through anything planted there. Writes queue behind each other, off the invocations' path;
 * one that fails (a full disk) costs the log, never the run, and `close` says so.
 */
export class ResponseLog {
  private fd: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private failure: string | undefined;

  constructor(readonly path: string) {}

  add(entry: LoggedAnswer): void {
    const line = `${JSON.stringify(entry)}\n`;
    this.queue = this.queue.then(() => this.write(line));
  }

  /** Whether any line was written, and why the log stopped short if it did. */
  async close(): Promise<{ written: boolean; problem?: string }> {
    await this.queue;
    const written = this.fd !== undefined;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    return this.failure ? { written, problem: this.failure } : { written };
  }

  private async write(line: string): Promise<void> {
    if (this.failure) return;
    try {
      this.fd ??= inFolder(this.path, () => fs.openSync(this.path, NEW_FILE, 0o666));
      const fd = this.fd;
      // writeFile on a descriptor writes at its position until all is written, as a short write may not.
      await new Promise<void>((resolve, reject) => fs.writeFile(fd, line, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      this.failure = `the responses could not all be saved in ${this.path}: ${fileProblem(error)}`;
    }
  }
}
