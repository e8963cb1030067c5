import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const TESTS = /\.test\.tsx?$/;
/** The engine side: files here drive a real engine, real containers or the built CLI, or time a sampler. */
const ENGINE_FOLDERS = ['test/tracer', 'test/commands', 'test/e2e'];
/** Elsewhere a file that reaches for the engine or spawns the CLI says so in its imports. */
const ENGINE_USE = /\b(engineForTests|describeWithEngine)\b|support\/(cli|private-engine)\.js/;

/** test:swarm's own files (vitest.swarm.config.ts): they start a swarm of engines, which npm test never does. */
const SWARM_FILES = 'test/swarm/**';

const testFiles = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => TESTS.test(file))
    .map((file) => join(folder, file));

/** Engine tests, found by what they use so that a new one cannot land among the parallel ones by mistake. */
const engineFiles = [
  ...ENGINE_FOLDERS.map((folder) => `${folder}/**/*.test.{ts,tsx}`),
  ...testFiles('test').filter(
    (file) => !ENGINE_FOLDERS.some((f) => file.startsWith(`${f}/`)) && ENGINE_USE.test(readFileSync(file, 'utf8')),
  ),
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Never the user's real settings, provider files or error log: a test that needs a folder of its own stubs its own.
    env: { FUNCTRACER_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'functracer-tests-')) },
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...engineFiles, SWARM_FILES],
          // Vitest's default on 2 cores is one worker; these files mostly wait on timers and renders, not the CPU.
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'engine',
          include: engineFiles,
          exclude: [SWARM_FILES],
          // They share one Docker daemon and a 2-core machine, and measure time: one file at a time, after the others.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
