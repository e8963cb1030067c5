/**
 * Power-tuning benchmark: functracer/resize on sample-2mb.jpg tuned for aws-lambda-x86 at 512 and 1,769 MB,
 * twice. Prints each size's median and trimmed mean, the 512/1769 ratio (the CPU cap at work; at least 2.5
 * wanted) and how far the two tunings' trimmed means differ (within 15 % wanted). Run it on an idle machine.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { findProvider, PROVIDERS } from '../../src/core/cost/providers.js';
import { openEngine } from '../../src/ops/engine.js';
import { planOf } from '../../src/core/run-plan.js';
import { tune } from '../../src/ops/tune.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { ensureSamplesReady } from '../../src/ops/samples.js';

const { docker, runtime } = await openEngine();
await ensureSamplesReady(docker);
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bench-tune-'));
const plan = planOf({
  image: 'functracer/resize',
  args: ['/in/sample-2mb.jpg', '50%'],
  env: [],
  binds: [`${refDataDir()}:/in:ro`],
  networkMode: 'none',
});
const provider = findProvider(PROVIDERS, 'aws-lambda-x86');
const request = { plan, provider, sizes: [512, 1769], runs: 5, discard: 0.2, cpuScale: 1, strategy: 'cost' as const, balancedWeight: 0.5 };
const first = await tune(runtime, request, { outDir });
const second = await tune(runtime, request, { outDir });
fs.rmSync(outDir, { recursive: true, force: true });

const mean = (o: typeof first, mb: number) => o.sizes.find((s) => s.mb === mb)!.durationMs!;
console.table(
  [512, 1769].flatMap((mb) =>
    [first, second].map((o, i) => ({
      tuning: i + 1,
      MB: mb,
      'median (ms)': mean(o, mb).median.toFixed(0),
      'trimmed mean (ms)': mean(o, mb).trimmedMean.toFixed(0),
    })),
  ),
);
const drift = (mb: number) => Math.abs(mean(first, mb).trimmedMean - mean(second, mb).trimmedMean) / mean(first, mb).trimmedMean;
console.table([
  {
    '512 / 1769 median': (mean(first, 512).median / mean(first, 1769).median).toFixed(2),
    'wanted at least': 2.5,
    'drift 512 (%)': (drift(512) * 100).toFixed(1),
    'drift 1769 (%)': (drift(1769) * 100).toFixed(1),
    'wanted within (%)': 15,
  },
]);
