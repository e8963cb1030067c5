import type Docker from 'dockerode';
import { UserError } from '../core/errors.js';
import type { PullProgress } from './runtime.js';
import { engineMessage } from './engine.js';

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
    const reason = engineMessage(error).split('\n')[0]!.trim();
    throw new UserError(
      `image ${image} is not on the engine and could not be pulled (${reason})`,
      'Check the name, or load the image with docker load or docker import; the samples are built with functracer samples build',
    );
  }
}
