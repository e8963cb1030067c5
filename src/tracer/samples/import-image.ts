import type Docker from 'dockerode';
import { FUNCTRACER_LABEL } from '../labels.js';
import { SAMPLE_LABEL_VALUE, SAMPLE_TAG, SAMPLE_VERSION_LABEL, SAMPLES_VERSION, sampleImageRef, type SampleFunction } from './catalog.js';
import type { RootfsPlan } from './rootfs-tar.js';

/** The image config `docker import -c` would set; the Engine API takes the same Dockerfile lines. */
function importChanges(sample: SampleFunction): string[] {
  const { entrypoint, cmd, workdir, env = {} } = sample.recipe;
  return [
    'ENV PATH=/bin',
    ...Object.entries(env).map(([name, value]) => `ENV ${name}=${value}`),
    `WORKDIR ${workdir}`,
    `ENTRYPOINT ${JSON.stringify(entrypoint)}`,
    ...(cmd === undefined ? [] : [`CMD ${JSON.stringify(cmd)}`]),
    `LABEL ${FUNCTRACER_LABEL}=${SAMPLE_LABEL_VALUE} ${SAMPLE_VERSION_LABEL}=${SAMPLES_VERSION}`,
  ];
}

/**
 * Streams the plan's tar into POST /images/create?fromSrc=- and returns the new image's id,
 * after checking that the engine really applied our label (older engines ignored LABEL in
 * import changes; this one, 20.10, honours it, and the check keeps us honest elsewhere).
 */
export async function importSample(
  docker: Docker,
  plan: RootfsPlan,
  sample: SampleFunction,
  onBytes: (total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  await importRootfs(docker, plan, { repo: sample.name, tag: SAMPLE_TAG, changes: importChanges(sample) }, onBytes, signal);
  const info = await docker.getImage(sampleImageRef(sample)).inspect();
  if (info.Config.Labels?.[FUNCTRACER_LABEL] !== SAMPLE_LABEL_VALUE) {
    throw new Error(`bug: the engine imported ${sampleImageRef(sample)} without its ${FUNCTRACER_LABEL} label`);
  }
  return info.Id;
}

/** What an import makes: the image's name and the config lines `docker import -c` would take. */
export interface ImportTarget {
  repo: string;
  tag: string;
  changes: string[];
}

/** Imports the plan's tar as repo:tag; a stop cancels the upload, and the engine keeps no half-imported image. */
export async function importRootfs(
  docker: Docker,
  plan: RootfsPlan,
  target: ImportTarget,
  onBytes: (total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  const abort = new AbortController();
  let tarError: Error | undefined;
  const tar = plan.stream(onBytes);
  // A failing read would otherwise leave the upload open forever: docker-modem only pipes.
  tar.once('error', (error) => {
    tarError = error;
    abort.abort();
  });
  // The engine writes the layer only once the whole tar has arrived, so a cancelled upload leaves no image.
  const cancel = () => {
    abort.abort();
    tar.destroy();
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const response = await docker.importImage(tar, { ...target, abortSignal: abort.signal });
    await followProgress(docker, response, abort.signal);
  } catch (error) {
    throw signal?.aborted ? signal.reason : (tarError ?? error);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  signal?.throwIfAborted();
  if (tarError !== undefined) throw tarError;
}

/**
 * The engine reports import errors inside a 200 response, as JSON lines; followProgress turns them into a rejection.
 * A cancelled upload may never end its response stream, so the cancel rejects too.
 */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream, cancelled: AbortSignal): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const onCancel = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(new Error('the import was cancelled'));
    };
    if (cancelled.aborted) return onCancel();
    cancelled.addEventListener('abort', onCancel, { once: true });
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => {
      cancelled.removeEventListener('abort', onCancel);
      if (error) reject(error);
      else resolve(output);
    });
  });
}
