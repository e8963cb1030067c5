/** The label every container and image functracer makes carries, so it can find and clean them up. */
export const FUNCTRACER_LABEL = 'functracer';
/** The pid of the functracer process that owns a container; orphans are those whose owner is gone. */
export const OWNER_LABEL = 'functracer.owner-pid';
/** Which host and pid namespace the owner pid belongs to: a pid means nothing elsewhere. */
export const OWNER_HOST_LABEL = 'functracer.owner-host';
