import { describeError } from '../core/errors.js';
import { formatMb } from '../core/units.js';
import type { SampleBuildEvent } from '../tracer/samples/builder.js';

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
