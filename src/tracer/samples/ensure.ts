import { existsSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { SAMPLE_JPEGS, type SampleJpegSpec } from '../../core/sample-jpeg.js';
import { startWorker } from '../worker-entry.js';
import { refDataDir } from '../../infra/package-root.js';
import { buildSamples, type SampleBuildEvent, type SampleStatus } from './builder.js';

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

export interface EnsureSamplesOptions {
  onProgress?: (event: SampleBuildEvent) => void;
  /** Where the input JPEGs go; ref-data by default. */
  inputDir?: string;
  /** Called before each missing JPEG is generated (about a second per MB). */
  onWritingInput?: (path: string) => void;
}

/** Everything a first run needs: every missing or stale sample image built, and the input JPEGs written. */
export async function ensureSamples(
  docker: Docker,
  options: EnsureSamplesOptions = {},
): Promise<{ images: SampleStatus[]; inputs: SampleInputFile[] }> {
  const images = await buildSamples(docker, { onProgress: options.onProgress });
  const inputs = await ensureSampleInputs(options.inputDir, options.onWritingInput);
  return { images, inputs };
}
