import os from 'node:os';

/**
 * What a trace's limit column holds for a container without a limit: this
 * host's memory, as the recorder writes it. Pictures draw no limit line there.
 */
export const NO_LIMIT_BYTES = os.totalmem();
