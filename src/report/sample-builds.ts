import { describeError } from '../core/errors.js';
import { formatMb } from '../core/units.js';
import { hangingWrap } from '../core/text-width.js';
import type { SampleBuildEvent, SampleStatus } from '../tracer/samples/builder.js';

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

/** `samples list`: each sample image, built or not, its size and what it does, and how to build those missing. */
export function formatSampleList(statuses: readonly SampleStatus[], width: number): string {
  const nameWidth = Math.max(...statuses.map((s) => s.sample.name.length));
  const lines = [`${'NAME'.padEnd(nameWidth)}  BUILT  ${'SIZE'.padStart(9)}  DESCRIPTION`];
  for (const { sample, built, stale, sizeBytes } of statuses) {
    const state = !built ? 'no' : stale ? 'stale' : 'yes';
    const size = sizeBytes === undefined ? '-' : formatMb(sizeBytes);
    const prefix = `${sample.name.padEnd(nameWidth)}  ${state.padEnd(5)}  ${size.padStart(9)}  `;
    lines.push(...hangingWrap(prefix, sample.description, width));
  }
  // As needsBuild in the builder: a sample built on demand is missing only once it has been built.
  const missing = statuses.some((s) => (!s.built || s.stale) && (s.built || s.sample.onDemand === undefined));
  const onDemand = statuses.filter((s) => !s.built && s.sample.onDemand !== undefined);
  if (missing || onDemand.length > 0) lines.push('');
  if (missing) lines.push('Build the missing ones with: functracer samples build');
  for (const { sample } of onDemand) {
    const short = sample.name.replace(/^functracer\//, '');
    lines.push(...hangingWrap('', `${short} is built on demand (${sample.onDemand}): functracer samples build ${short}`, width));
  }
  return lines.join('\n');
}
