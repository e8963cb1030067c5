import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import type { PullProgress } from './runtime.js';

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
}

/** Pulls like `docker run` does for a missing image, reporting each layer's progress line. */
export async function pullImage(docker: Docker, image: string, onProgress?: PullProgress): Promise<void> {
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null, events: PullEvent[]) => {
          const failed = events?.find((e) => e.error);
          if (error || failed) reject(new Error(error?.message ?? failed?.error));
          else resolve();
        },
        (event: PullEvent) => onProgress?.([event.id, event.status, event.progress].filter(Boolean).join(' ')),
      );
    });
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).replace(/^\(HTTP code \d+\)[^-]*- /, '').split('\n')[0];
    const sample = image.startsWith('functracer/');
    throw new UserError(
      `image ${image} is not on the engine and could not be pulled (${reason})`,
      sample ? 'Build the sample images first: functracer samples build' : 'Check the name, or load the image with docker load or docker import',
    );
  }
}
