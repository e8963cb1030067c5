/** Everything the tracer needs to create one container: image, command and host settings. */
export interface RunSpec {
  image: string;
  /** Arguments after the image, the container's command. */
  args: string[];
  entrypoint?: string[];
  env: string[];
  workdir?: string;
  user?: string;
  /** host:container[:mode] bind mounts or named volumes, as `docker run -v` takes them. */
  binds: string[];
  memoryBytes?: number;
  /** -1 for unlimited swap, as the Engine API takes it. */
  memorySwapBytes?: number;
  nanoCpus?: number;
  networkMode: string;
}

/** The label every container and image functracer makes carries, so it can find and clean them up. */
export const FUNCTRACER_LABEL = 'functracer';
/** The pid of the functracer process that owns a container; orphans are those whose owner is gone. */
export const OWNER_LABEL = 'functracer.owner-pid';
/** Which host and pid namespace the owner pid belongs to: a pid means nothing elsewhere. */
export const OWNER_HOST_LABEL = 'functracer.owner-host';
