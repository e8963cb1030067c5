import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/infra/package-root.js';
import { PROBE_ENTRY, probeFiles } from '../../src/tracer/swarm/probe-files.js';

/** Needs the build (npm run build), as the probe image does. */
describe("the probe image's files", () => {
  it('hold the probe, the sampler worker and the Docker client with its dependencies, and nothing of the TUI', async () => {
    const root = packageRoot();
    const { files, packages } = await probeFiles(root);
    const relative = files.map((f) => path.relative(root, f));
    expect(relative).toContain(PROBE_ENTRY);
    expect(relative).toContain('dist/src/tracer/cgroup/sampler-worker.js');
    expect(relative).toContain('dist/src/ops/run-once.js');
    expect(packages).toEqual(expect.arrayContaining(['dockerode', 'docker-modem', 'ssh2', 'zod']));
    for (const ui of ['ink', 'react', 'commander', 'sharp', 'vega', 'tsx', 'esbuild']) expect(packages).not.toContain(ui);
    expect(relative.some((f) => f.startsWith('dist/src/app/') || f.startsWith('dist/components/'))).toBe(false);
  });
});
