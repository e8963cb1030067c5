import type Docker from 'dockerode';
import { describeError } from '../core/errors.js';
import { formatMb } from '../core/units.js';
import { buildSamples, listSampleStatus, type SampleBuildEvent } from '../tracer/samples/builder.js';
import { ensureSampleInputs, type SampleInputFile } from '../tracer/samples/ensure.js';

/** One sample image's build, worded as every front end shows it. */
export interface SampleBuildRow {
  name: string;
  state: 'queued' | 'building' | 'done' | 'failed';
  detail: string;
}

export function sampleBuildRow(event: SampleBuildEvent): SampleBuildRow {
  switch (event.state) {
    case 'queued':
      return { name: event.name, state: 'queued', detail: 'queued' };
    case 'building': {
      const bytes =
        event.bytes === undefined ? '' : ` ${formatMb(event.bytes)}${event.totalBytes ? ` of ~${formatMb(event.totalBytes)}` : ''}`;
      return { name: event.name, state: 'building', detail: `${event.step}${bytes}` };
    }
    case 'done':
      return {
        name: event.name,
        state: 'done',
        detail: event.reused
          ? `up to date, ${formatMb(event.sizeBytes)}`
          : `built, ${formatMb(event.sizeBytes)} in ${(event.ms / 1000).toFixed(1)} s`,
      };
    case 'failed':
      return { name: event.name, state: 'failed', detail: `failed: ${describeError(event.error)}` };
  }
}

export interface SamplesReadyHooks {
  onProgress?: (event: SampleBuildEvent) => void;
  onWritingInput?: (path: string) => void;
  /** Stops the work; an image being imported is dropped by the engine, a JPEG being written is never renamed into place. */
  signal?: AbortSignal;
}

/** What a first run needs: the missing or stale sample images built, and the input JPEGs written. */
export async function ensureSamplesReady(docker: Docker, hooks: SamplesReadyHooks = {}): Promise<SampleInputFile[]> {
  const missing = (await listSampleStatus(docker)).some((s) => !s.built || s.stale);
  const { onProgress, signal } = hooks;
  if (missing) await buildSamples(docker, { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
  return ensureSampleInputs(undefined, hooks.onWritingInput, signal);
}
