import type { SampleStatus } from '../../tracer/samples/builder.js';
import { isWanted, SAMPLE_FUNCTIONS, type SampleFunction } from '../../tracer/samples/catalog.js';
import type { LocalImage } from '../services.js';

export type SortKey = 'name' | 'size' | 'newest';
export const SORT_KEYS: SortKey[] = ['name', 'size', 'newest'];

export interface ImageRow {
  ref: string;
  sample?: SampleFunction;
  /** `missing` and `stale` samples are built before they can run; `unknown` means no engine to ask. */
  state: 'ready' | 'missing' | 'stale' | 'unknown';
  sizeBytes?: number;
  createdMs?: number;
  description: string;
  /** An engine image found to be a Lambda-style function (its entrypoint, command or environment say so): why. */
  lambda?: string;
}

/**
 * The home screen's list: the bundled samples first (from the catalog when
 * there is no engine to ask), then the engine's own images, each group
 * filtered and sorted the same way.
 */
export function imageRows(
  statuses: SampleStatus[] | undefined,
  images: LocalImage[],
  filter: string,
  sort: SortKey,
  lambdaImages: Readonly<Record<string, string | null>> = {},
): ImageRow[] {
  // A sample built on demand is listed once it is built: the build the TUI starts leaves it out.
  const samples: ImageRow[] = statuses
    ? statuses.filter(isWanted).map((s) => ({
        ref: s.sample.name,
        sample: s.sample,
        state: !s.built ? 'missing' : s.stale ? 'stale' : 'ready',
        ...(s.sizeBytes !== undefined ? { sizeBytes: s.sizeBytes } : {}),
        ...(s.createdMs !== undefined ? { createdMs: s.createdMs } : {}),
        description: s.sample.description,
      }))
    : SAMPLE_FUNCTIONS.filter((sample) => sample.onDemand === undefined).map((sample) => ({
        ref: sample.name,
        sample,
        state: 'unknown',
        description: sample.description,
      }));
  const local: ImageRow[] = images.map((image) => ({
    ref: image.ref,
    state: 'ready',
    sizeBytes: image.sizeBytes,
    createdMs: image.createdMs,
    description: lambdaImages[image.ref] ? `a Lambda-style function on this engine: ${lambdaImages[image.ref]}` : 'an image on this engine',
    ...(lambdaImages[image.ref] ? { lambda: lambdaImages[image.ref]! } : {}),
  }));
  const needle = filter.trim().toLowerCase();
  const keep = (row: ImageRow) => !needle || row.ref.toLowerCase().includes(needle) || row.description.toLowerCase().includes(needle);
  return [...sortRows(samples.filter(keep), sort), ...sortRows(local.filter(keep), sort)];
}

function sortRows(rows: ImageRow[], sort: SortKey): ImageRow[] {
  const byName = (a: ImageRow, b: ImageRow) => a.ref.localeCompare(b.ref);
  const compare: Record<SortKey, (a: ImageRow, b: ImageRow) => number> = {
    name: byName,
    size: (a, b) => (b.sizeBytes ?? -1) - (a.sizeBytes ?? -1) || byName(a, b),
    newest: (a, b) => (b.createdMs ?? 0) - (a.createdMs ?? 0) || byName(a, b),
  };
  return [...rows].sort(compare[sort]);
}
