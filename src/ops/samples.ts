import type Docker from 'dockerode';
import { buildSamples, listSampleStatus, type SampleBuildEvent } from '../tracer/samples/builder.js';
import { needsBuild } from '../tracer/samples/catalog.js';
import { ensureSampleInputs, type SampleJpegFile } from '../tracer/samples/ensure.js';

export interface SamplesReadyHooks {
  onProgress?: (event: SampleBuildEvent) => void;
  onWritingInput?: (path: string) => void;
  /** Stops the work; an image being imported is dropped by the engine, a JPEG being written is never renamed into place. */
  signal?: AbortSignal;
}

/** What a first run needs: the missing or stale sample images built (not those built on demand), and the input JPEGs written. */
export async function ensureSamplesReady(docker: Docker, hooks: SamplesReadyHooks = {}): Promise<SampleJpegFile[]> {
  const missing = (await listSampleStatus(docker)).some(needsBuild);
  const { onProgress, signal } = hooks;
  if (missing) await buildSamples(docker, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  return ensureSampleInputs(undefined, hooks.onWritingInput, signal);
}
