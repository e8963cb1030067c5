import type Docker from 'dockerode';
import { UserError } from '../../core/errors.js';
import { answered, inspectImage, isNotFound } from '../engine.js';
import { FUNCTRACER_LABEL } from '../labels.js';
import {
  findSample,
  isWanted,
  SAMPLE_FUNCTIONS,
  SAMPLE_LABEL_VALUE,
  SAMPLE_VERSION_LABEL,
  SAMPLES_VERSION,
  sampleImageRef,
  type RootfsKind,
  type SampleFunction,
} from './catalog.js';
import { importSample } from './import-image.js';
import { lambdaClient } from './lambda-ric.js';
import { COMPILED_PROGRAMS, compileProgram } from './memshape.js';
import { planRootfs } from './rootfs.js';

export interface SampleStatus {
  sample: SampleFunction;
  /** `functracer/x:latest` */
  image: string;
  built: boolean;
  /** Present but made by another functracer version (or not by functracer): a build replaces it. */
  stale: boolean;
  sizeBytes?: number;
  imageId?: string;
  /** When the image was built, so lists can put the newest first. */
  createdMs?: number;
}

export type SampleBuildEvent =
  | { name: string; state: 'queued' }
  | { name: string; state: 'building'; step: string; bytes?: number; totalBytes?: number }
  | { name: string; state: 'done'; imageId: string; sizeBytes: number; ms: number; reused: boolean }
  | { name: string; state: 'failed'; error: unknown };

export interface BuildSamplesOptions {
  /** Which samples (`functracer/x` or `x`); when absent or empty, those a build makes (see wantedSamples). */
  names?: string[];
  /** Every sample, those built on demand too; names are ignored. */
  all?: boolean;
  /** Rebuild even those already built and current. */
  force?: boolean;
  onProgress?: (event: SampleBuildEvent) => void;
  /** Stops the build: gcc is killed and the upload cancelled, so the engine keeps no half-imported image. */
  signal?: AbortSignal;
}

/** Which catalog images the engine holds, and whether they are current. */
export async function listSampleStatus(docker: Docker): Promise<SampleStatus[]> {
  return Promise.all(
    SAMPLE_FUNCTIONS.map(async (sample): Promise<SampleStatus> => {
      const image = sampleImageRef(sample);
      try {
        const info = await answered(`whether it has ${image}`, (o) => inspectImage(docker, image, o));
        const labels = info.Config.Labels ?? {};
        const current = labels[FUNCTRACER_LABEL] === SAMPLE_LABEL_VALUE && labels[SAMPLE_VERSION_LABEL] === SAMPLES_VERSION;
        const createdMs = Date.parse(info.Created);
        return {
          sample,
          image,
          built: true,
          stale: !current,
          sizeBytes: info.Size,
          imageId: info.Id,
          ...(Number.isFinite(createdMs) ? { createdMs } : {}),
        };
      } catch (error) {
        if (isNotFound(error)) return { sample, image, built: false, stale: false };
        throw error;
      }
    }),
  );
}

/**
 * Builds the selected samples that are missing or stale (all selected ones with `force`),
 * one root filesystem kind at a time. A failure fails that kind's images only; the rest
 * still build, and the first error is thrown at the end.
 */
export async function buildSamples(docker: Docker, options: BuildSamplesOptions = {}): Promise<SampleStatus[]> {
  const emit = options.onProgress ?? (() => {});
  const statuses = await listSampleStatus(docker);
  const before = new Map(statuses.map((s) => [s.sample.name, s]));
  const selected = options.all ? [...SAMPLE_FUNCTIONS] : selectSamples(options.names ?? [], statuses);
  const todo = selected.filter((s) => options.force || !before.get(s.name)?.built || before.get(s.name)?.stale);
  for (const sample of selected) {
    const status = before.get(sample.name);
    if (todo.includes(sample)) emit({ name: sample.name, state: 'queued' });
    else if (status?.imageId !== undefined) {
      emit({ name: sample.name, state: 'done', imageId: status.imageId, sizeBytes: status.sizeBytes ?? 0, ms: 0, reused: true });
    }
  }
  let firstError: unknown;
  for (const kind of [...new Set(todo.map((s) => s.recipe.rootfs))]) {
    const samples = todo.filter((s) => s.recipe.rootfs === kind);
    options.signal?.throwIfAborted();
    try {
      await buildKind(docker, kind, samples, emit, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      firstError ??= error;
    }
  }
  await removeReplaced(docker, before, await listSampleStatus(docker));
  if (firstError !== undefined) throw firstError;
  return (await listSampleStatus(docker)).filter((s) => selected.includes(s.sample));
}

function selectSamples(names: string[], statuses: SampleStatus[]): SampleFunction[] {
  if (names.length === 0) return statuses.filter(isWanted).map((s) => s.sample);
  return names.map((name) => {
    const sample = findSample(name);
    if (sample === undefined) {
      throw new UserError(`there is no sample function called '${name}'`, `Pick one of: ${SAMPLE_FUNCTIONS.map((s) => s.name).join(', ')}`);
    }
    return sample;
  });
}

async function buildKind(
  docker: Docker,
  kind: RootfsKind,
  samples: SampleFunction[],
  emit: (e: SampleBuildEvent) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const step = (text: string) => samples.forEach((s) => emit({ name: s.name, state: 'building', step: text }));
  const failAll = (error: unknown): never => {
    samples.forEach((s) => emit({ name: s.name, state: 'failed', error }));
    throw error;
  };
  const program = COMPILED_PROGRAMS[kind];
  const compiled = program ? (step(`compiling ${program}.c`), await compileProgram(program, signal).catch(failAll)) : undefined;
  let firstError: unknown;
  try {
    const client = kind === 'lambda-node' ? await lambdaClient(step, signal).catch(failAll) : undefined;
    step('collecting host files');
    const plan = await planRootfs(kind, { compiledBinary: compiled?.binary, lambdaClient: client }).catch(failAll);
    for (const sample of samples) {
      signal?.throwIfAborted();
      const started = Date.now();
      const totalBytes = plan.contentBytes;
      const progress = throttled((bytes: number) => emit({ name: sample.name, state: 'building', step: 'importing', bytes, totalBytes }));
      try {
        const imageId = await importSample(docker, plan, sample, progress, signal);
        const info = await docker.getImage(imageId).inspect();
        emit({ name: sample.name, state: 'done', imageId, sizeBytes: info.Size, ms: Date.now() - started, reused: false });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        emit({ name: sample.name, state: 'failed', error });
        firstError ??= error;
      }
    }
  } finally {
    await compiled?.cleanup();
  }
  if (firstError !== undefined) throw firstError;
}

/** A rebuild leaves the old image untagged; ours are removed so they do not pile up. Failures are harmless. */
async function removeReplaced(docker: Docker, before: Map<string, SampleStatus>, after: SampleStatus[]): Promise<void> {
  for (const now of after) {
    const old = before.get(now.sample.name);
    if (old?.imageId === undefined || old.imageId === now.imageId) continue;
    const image = docker.getImage(old.imageId);
    const labels = await image.inspect().then(
      (info) => info.Config.Labels ?? {},
      () => ({}) as Record<string, string>,
    );
    if (labels[FUNCTRACER_LABEL] === SAMPLE_LABEL_VALUE) await image.remove().catch(() => {});
  }
}

/** At most one progress event per 200 ms per image, so a 100 MB import does not flood the screen. */
function throttled(report: (bytes: number) => void): (bytes: number) => void {
  let last = 0;
  return (bytes) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    report(bytes);
  };
}
