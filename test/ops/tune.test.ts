import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSizes, vcpusAt } from '../../src/core/cost/cpu.js';
import { findProvider, PROVIDERS } from '../../src/core/cost/providers.js';
import { MIB } from '../../src/core/units.js';
import { planOf } from '../../src/core/run-plan.js';
import { tune, type SizeOutcome } from '../../src/ops/tune.js';
import { rank } from '../../src/ops/tune-picks.js';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { watchCpuCgroup, type CpuCgroupReading } from '../support/cpu-cgroup.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';

const docker = await engineForTests();
const lambda = findProvider(PROVIDERS, 'aws-lambda-x86');

describe('CPU as providers couple it to memory', () => {
  it('gives Lambda one vCPU at 1,769 MB, in proportion, up to six; Google by its tier tables', () => {
    expect(vcpusAt(lambda, 1769)).toBe(1);
    expect(vcpusAt(lambda, 128)).toBeCloseTo(128 / 1769, 6);
    expect(vcpusAt(lambda, 10240)).toBeCloseTo(10240 / 1769, 6);
    expect(vcpusAt({ ...lambda, cpuCoupling: { ...lambda.cpuCoupling!, maxVcpus: 2 } }, 10240)).toBe(2);
    // gcf-gen1 quotes GHz against a 2.4 GHz vCPU; Cloud Run functions quote vCPUs.
    expect(vcpusAt(findProvider(PROVIDERS, 'gcf-gen1'), 2048)).toBe(1);
    expect(vcpusAt(findProvider(PROVIDERS, 'cloud-run-functions'), 256)).toBe(0.167);
    // Azure's consumption plan bills observed memory: CPU is not tied to a size.
    expect(vcpusAt(findProvider(PROVIDERS, 'azure-consumption'), 512)).toBeUndefined();
  });

  it("tries Power Tuning's spread of sizes where a provider has a step, and spreads a provider's own tiers", () => {
    expect(defaultSizes(lambda)).toEqual([128, 256, 512, 1024, 1769, 3008]);
    expect(defaultSizes(findProvider(PROVIDERS, 'gcf-gen1'))).toEqual([128, 256, 512, 2048, 4096, 8192]);
  });
});

describe('choosing a size', () => {
  const size = (mb: number, ms: number, costPerMillion: number, peakMb: number, fits = true): SizeOutcome => ({
    mb,
    providerVcpus: null,
    cpus: null,
    cappedByHost: false,
    results: [],
    fits,
    peakBytes: peakMb * MIB,
    ...(fits ? { durationMs: { median: ms, p95: ms, trimmedMean: ms, ci95: [ms, ms], spreadPct: 0 }, costPerMillion } : {}),
  });

  const pick = (sizes: SizeOutcome[], weight: number) => rank(sizes, weight).picks;

  it('picks the cheapest, the fastest and the weighted balance, never a size under the peak or one that failed', () => {
    const sizes = [size(128, 0, 0, 200, false), size(256, 1000, 4, 200), size(512, 400, 3.5, 200), size(1024, 300, 5, 200)];
    expect(pick(sizes, 0.5)).toEqual({ cost: 512, speed: 1024, balanced: 512 });
    // Weight 0 is speed alone, 1 cost alone.
    expect(pick(sizes, 0).balanced).toBe(1024);
    expect(pick(sizes, 1).balanced).toBe(512);
    // A size that happened to finish but is smaller than the peak another size saw is not offered.
    expect(pick([size(128, 100, 1, 200), size(256, 200, 2, 200)], 0.5)).toEqual({ cost: 256, speed: 256, balanced: 256 });
    expect(pick([size(128, 0, 0, 200, false)], 0.5)).toEqual({});
    // A larger size that saw a larger peak (page cache, a heap grown to the limit) does not rule out a smaller one that fitted.
    expect(pick([size(256, 200, 2, 200), size(512, 150, 3, 300)], 0.5).cost).toBe(256);
    // A size an interrupt stopped part-way is not picked.
    expect(pick([{ ...size(256, 200, 2, 200), partial: true }, size(512, 150, 3, 200)], 0.5)).toEqual({
      cost: 512,
      speed: 512,
      balanced: 512,
    });
  });
});

describeWithEngine('tune on a real engine', docker, (docker) => {
  const runtime = dockerRuntime(docker);
  let outDir: string;
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape', 'functracer/compress'] });
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-'));
  });

  it('runs each size under its limit: too small is out of memory, and the cheapest size that fits is the answer', async () => {
    const plan = planOf({ image: 'functracer/memshape', args: ['0:50', '160:300', '0:50'], env: [], binds: [], networkMode: 'none' });
    // What the engine was told, read back from it once each container exists: a poll of running ones misses a quick OOM kill on a busy host.
    const applied = new Map<string, { nanoCpus: number; memory: number }>();
    const recording: typeof runtime = {
      ...runtime,
      async create(spec, options) {
        const container = await runtime.create(spec, options);
        const info = await docker.getContainer(container.id).inspect();
        applied.set(info.Name.replace(/^\//, ''), { nanoCpus: info.HostConfig.NanoCpus ?? 0, memory: info.HostConfig.Memory ?? 0 });
        return container;
      },
    };
    const outcome = await tune(
      recording,
      { plan, provider: lambda, sizes: [128, 256, 512], runs: 2, discard: 0.2, cpuScale: 1, strategy: 'cost', balancedWeight: 0.5 },
      { outDir },
    );
    const [small, medium, large] = outcome.sizes;
    for (const s of outcome.sizes) {
      for (const r of s.results) {
        expect(applied.get(r.container), r.container).toEqual({ nanoCpus: Math.round((s.mb / 1769) * 1e9), memory: s.mb * MIB });
      }
    }
    expect(small!.fits).toBe(false);
    expect(small!.failure).toBe('out of memory');
    for (const s of [medium!, large!]) {
      expect(s.fits).toBe(true);
      expect(s.peakBytes / MIB).toBeGreaterThan(160);
      expect(s.peakBytes / MIB).toBeLessThan(163);
      expect(s.results.map((r) => r.exitCode)).toEqual([0, 0]);
      // Lambda x86: $0.20 per 1M requests and $0.0000166667 per GB-s of the size, billed to the ms.
      const gbSeconds = (s.mb / 1024) * (s.billedMs! / 1000);
      expect(s.billedMs).toBe(Math.ceil(s.durationMs!.trimmedMean));
      expect(s.costPerMillion).toBeCloseTo(0.2 + 1_000_000 * gbSeconds * 0.0000166667, 6);
    }
    // The container's CPU quota is Lambda's share of a vCPU for the size.
    expect(medium!.cpus).toBeCloseTo(256 / 1769, 6);
    const created = await Promise.all(medium!.results.map((r) => fs.existsSync(r.rawCsv!)));
    expect(created).toEqual([true, true]);
    expect(outcome.picks.cost).toBe(256);
    expect(outcome.interrupted).toBe(false);
  }, 120_000);

  it('asks once the first run is done and waits for the answer: no stops there with that run, yes runs the rest in turns', async () => {
    const plan = planOf({ image: 'functracer/memshape', args: ['8:50'], env: [], binds: [], networkMode: 'none' });
    const request = {
      plan,
      provider: lambda,
      sizes: [256, 512],
      runs: 2,
      discard: 0,
      cpuScale: 1,
      strategy: 'cost' as const,
      balancedWeight: 0.5,
    };
    const asked: number[] = [];
    const started: string[] = [];
    const declined = await tune(
      runtime,
      request,
      { outDir },
      {
        onRunStart: (mb, index) => started.push(`${mb}/${index}`),
        onEstimate: (estimate) => {
          asked.push(estimate.runsLeft);
          expect(estimate.perRunMs).toBeGreaterThan(0);
          expect(estimate.leftMs).toBeCloseTo(estimate.perRunMs * 3, 6);
          return false;
        },
      },
    );
    expect(asked).toEqual([3]);
    expect(started).toEqual(['256/0']);
    expect(declined.interrupted).toBe(true);
    expect(declined.sizes.map((s) => [s.mb, s.results.length, s.partial])).toEqual([[256, 1, true]]);

    started.length = 0;
    // An answer that takes a while: nothing starts before it.
    const agreed = await tune(
      runtime,
      request,
      { outDir },
      {
        onRunStart: (mb, index) => started.push(`${mb}/${index}`),
        onEstimate: async () => {
          const before = started.length;
          await new Promise((resolve) => setImmediate(resolve));
          expect(started.length).toBe(before);
          return true;
        },
      },
    );
    expect(agreed.interrupted).toBe(false);
    expect(started).toEqual(['256/0', '512/0', '256/1', '512/1']);
    expect(agreed.hostLoad?.cpus).toBeGreaterThan(0);
  }, 120_000);

  it("gives a CPU-bound function the provider's CPU: at a quarter of a vCPU, it takes four times its CPU time", async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-tune-data-'));
    // Random bytes do not compress: gzip --best works through all of them, wanting a whole CPU throughout.
    fs.writeFileSync(path.join(data, 'blob'), Buffer.from(Array.from({ length: 6 * 1024 * 1024 }, () => Math.floor(Math.random() * 256))));
    const plan = planOf({ image: 'functracer/compress', args: ['.'], env: [], binds: [], networkMode: 'none' });
    // What the kernel enforced, read back from each container's CPU cgroup while it runs.
    const cgroups = new Map<string, Promise<CpuCgroupReading | undefined>>();
    const watching: typeof runtime = {
      ...runtime,
      async create(spec, options) {
        const container = await runtime.create(spec, options);
        return {
          ...container,
          async start(call) {
            await container.start(call);
            cgroups.set(container.name, watchCpuCgroup((await container.inspect()).pid).done);
          },
        };
      },
    };
    const outcome = await tune(
      watching,
      {
        plan: { ...plan, scratch: { from: data, mountPoint: '/d' } },
        provider: lambda,
        sizes: [442, 1769],
        runs: 1,
        discard: 0,
        cpuScale: 1,
        strategy: 'speed',
        balancedWeight: 0.5,
      },
      { outDir },
    );
    const [quarter, whole] = outcome.sizes;
    expect(quarter!.fits && whole!.fits).toBe(true);
    expect(quarter!.cpus).toBeCloseTo(0.25, 2);
    expect(whole!.cpus).toBe(1);
    // What the kernel enforced, read back: the provider's share at each size, and at a quarter gzip (which wants a whole
    // CPU) was made to wait for its quota (9 periods, 6 of them held, on a quiet host).
    for (const size of [quarter!, whole!]) {
      const cgroup = await cgroups.get(size.results[0]!.container);
      expect(cgroup, size.results[0]!.container).toBeDefined();
      expect(cgroup!.quotaCpus).toBeCloseTo(size.cpus!, 2);
    }
    expect((await cgroups.get(quarter!.results[0]!.container))!.throttledPeriods).toBeGreaterThan(0);
    // The quota holds whatever else the host runs: a quarter CPU is 25 ms of each 100 ms period, so the run's CPU time
    // never outruns a quarter of its duration (the periods it starts and ends in part-way aside, 25 ms each), and it
    // takes at least four times its CPU time less those two. How much faster the whole CPU is depends on what else runs: with both cores busy, the whole-CPU
    // run can wait longer than the quarter one, so the ratio is npm run bench:tune's to measure on a quiet host.
    const used = quarter!.results[0]!.cpuMs!;
    expect(used).toBeGreaterThan(50);
    expect(used).toBeLessThanOrEqual(0.25 * quarter!.durationMs!.median + 50);
    expect(quarter!.durationMs!.median).toBeGreaterThanOrEqual(4 * used - 200);
    // One run a size says nothing of its spread: the two are never told apart.
    expect(outcome.ties.speed).toHaveLength(1);
    fs.rmSync(data, { recursive: true, force: true });
  }, 120_000);
});
