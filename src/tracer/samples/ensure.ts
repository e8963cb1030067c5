import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { replaceFile } from '../../infra/atomic-write.js';
import { join } from 'node:path';
import { SAMPLE_JPEGS, type SampleJpegSpec } from '../../core/sample-jpeg.js';
import { startWorker } from '../worker-entry.js';
import { refDataDir } from '../../infra/package-root.js';

/** A sample JPEG in its folder, as ensureSampleInputs left it. */
export interface SampleJpegFile {
  path: string;
  bytes: number;
  /** False when the file was already there and left alone. */
  created: boolean;
}

/**
 * Writes the sample JPEGs that are missing from dir (ref-data by default). Files already
 * there are kept, so a user's own sample-1mb.jpg is never overwritten.
 */
export async function ensureSampleInputs(
  dir: string = refDataDir(),
  onWriting?: (path: string) => void,
  signal?: AbortSignal,
): Promise<SampleJpegFile[]> {
  await mkdir(dir, { recursive: true });
  const files: SampleJpegFile[] = [];
  for (const spec of SAMPLE_JPEGS) {
    const path = join(dir, spec.fileName);
    if (existsSync(path)) {
      files.push({ path, bytes: (await stat(path)).size, created: false });
      continue;
    }
    signal?.throwIfAborted();
    onWriting?.(path);
    const data = await generateOffThread(spec, signal);
    // Written aside and renamed, so an interrupted run never leaves a truncated JPEG that looks present.
    await replaceFile(path, data);
    files.push({ path, bytes: data.length, created: true });
  }
  return files;
}

/**
 * The encoder is pure JavaScript and takes seconds for the large image; a worker keeps the caller's event loop free.
 * A stop ends the worker at once: nothing was written yet.
 */
function generateOffThread(spec: SampleJpegSpec, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'jpeg-worker', { workerData: spec });
    const stop = () => {
      reject(signal?.reason);
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    const settled = () => signal?.removeEventListener('abort', stop);
    worker.once('message', (data: Uint8Array) => {
      settled();
      resolve(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
    worker.once('error', (error) => {
      settled();
      reject(error);
    });
    worker.once('exit', (code) => {
      settled();
      if (code !== 0) reject(signal?.aborted ? signal.reason : new Error(`the sample JPEG worker exited with code ${code}`));
    });
  });
}
