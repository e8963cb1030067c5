import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * test:swarm, apart from `npm test`: these files start engines, a swarm and a registry of their own (see
 * test/support/swarm.ts), which takes a minute and most of this machine, so they run on their own, one at a time.
 */
export default defineConfig({
  test: {
    include: ['test/swarm/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    env: { FUNCTRACER_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'functracer-tests-')) },
  },
});
