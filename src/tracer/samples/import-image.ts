import type Docker from 'dockerode';
import { FUNCTRACER_LABEL } from '../run-spec.js';
import { SAMPLE_LABEL_VALUE, SAMPLE_TAG, SAMPLE_VERSION_LABEL, SAMPLES_VERSION, sampleImageRef, type SampleFunction } from './catalog.js';
import type { RootfsPlan } from './rootfs-tar.js';

/** The image config `docker import -c` would set; the Engine API takes the same Dockerfile lines. */
function importChanges(sample: SampleFunction): string[] {
  const { entrypoint, cmd, workdir } = sample.recipe;
  return [
    'ENV PATH=/bin',
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
): Promise<string> {
  const abort = new AbortController();
  let tarError: Error | undefined;
  const tar = plan.stream(onBytes);
  // A failing read would otherwise leave the upload open forever: docker-modem only pipes.
  tar.once('error', (error) => {
    tarError = error;
    abort.abort();
  });
  try {
    const response = await docker.importImage(tar, {
      repo: sample.name,
      tag: SAMPLE_TAG,
      changes: importChanges(sample),
      abortSignal: abort.signal,
    });
    await followProgress(docker, response);
  } catch (error) {
    throw tarError ?? error;
  }
  if (tarError !== undefined) throw tarError;
  const info = await docker.getImage(sampleImageRef(sample)).inspect();
  if (info.Config.Labels?.[FUNCTRACER_LABEL] !== SAMPLE_LABEL_VALUE) {
    throw new Error(`bug: the engine imported ${sampleImageRef(sample)} without its ${FUNCTRACER_LABEL} label`);
  }
  return info.Id;
}

/** The engine reports import errors inside a 200 response, as JSON lines; followProgress turns them into a rejection. */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => (error ? reject(error) : resolve(output)));
  });
}
