import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Engine tests share one Docker daemon and a 2-core machine: run files one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Never the user's real settings, provider files or error log: a test that needs a folder of its own stubs its own.
    env: { FUNCTRACER_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'functracer-tests-')) },
  },
});
