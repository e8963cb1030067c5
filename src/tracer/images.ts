import type Docker from 'dockerode';
import { answered } from './engine.js';
import { SAMPLE_FUNCTIONS, sampleImageRef } from './samples/catalog.js';

export interface LocalImage {
  ref: string;
  sizeBytes: number;
  createdMs: number;
}

const SAMPLE_REFS = new Set(SAMPLE_FUNCTIONS.flatMap((s) => [s.name, sampleImageRef(s)]));

/** The engine's tagged images, the samples left out: lists of them show the samples apart. */
export async function listLocalImages(docker: Docker): Promise<LocalImage[]> {
  const images = await answered('the list of images', (o) => docker.listImages(o));
  return images.flatMap((image) =>
    (image.RepoTags ?? [])
      .filter((tag) => tag !== '<none>:<none>' && !SAMPLE_REFS.has(tag))
      .map((ref) => ({ ref, sizeBytes: image.Size, createdMs: image.Created * 1000 })),
  );
}
