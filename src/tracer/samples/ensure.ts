import { existsSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_JPEGS, type SampleJpegSpec } from '../../core/sample-jpeg.js';
import { startWorker } from '../worker-entry.js';
import { refDataDir } from '../../infra/package-root.js';

export interface SampleInputFile {
  path: string;
  bytes: number;
  /** False when the file was already there and left alone. */
  created: boolean;
}

/**
 * Writes the sample JPEGs that are missing from dir (ref-data by default). Files already
 * there are kept, so a user's own sample-1mb.jpg is never overwritten.
 */
export async function ensureSampleInputs(dir: string = refDataDir(), onWriting?: (path: string) => void): Promise<SampleInputFile[]> {
  await mkdir(dir, { recursive: true });
  const files: SampleInputFile[] = [];
  for (const spec of SAMPLE_JPEGS) {
    const path = join(dir, spec.fileName);
    if (existsSync(path)) {
      files.push({ path, bytes: (await stat(path)).size, created: false });
      continue;
    }
    onWriting?.(path);
    const data = await generateOffThread(spec);
    // Written aside and renamed, so an interrupted run never leaves a truncated JPEG that looks present.
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
    files.push({ path, bytes: data.length, created: true });
  }
  return files;
}

/** The encoder is pure JavaScript and takes seconds for the large image; a worker keeps the caller's event loop free. */
function generateOffThread(spec: SampleJpegSpec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, 'jpeg-worker', { workerData: spec });
    worker.once('message', (data: Uint8Array) => resolve(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the sample JPEG worker exited with code ${code}`)));
  });
}
