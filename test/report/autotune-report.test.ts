import { expect, it } from 'vitest';
import { formatDynamicTable } from '../../src/report/autotune-report.js';
import type { DynamicCost } from '../../src/core/cost/dynamic.js';

const row = (provider: string, dynamicCost: number, staticCost: number): DynamicCost => ({
  provider,
  requests: 1_000_000,
  billedDurationMs: 300,
  dynamicGbSeconds: dynamicCost / 16.67e-6 / 1e6,
  dynamicCost,
  staticMb: 128,
  staticGbSeconds: staticCost / 16.67e-6 / 1e6,
  staticCost,
  savedCost: staticCost - dynamicCost,
  savedPct: ((staticCost - dynamicCost) / staticCost) * 100,
  tracePeakMb: 100,
  exceededAtMs: null,
});

it('says the GB-s are of the one run and the $ of the requests, and never prints -0.0 %', () => {
  const lines = formatDynamicTable([row('aws-lambda-x86', 0.6250001, 0.625), row('gcf-gen1', 0.5, 1)]);
  expect(lines[0]).toBe('Dynamic vs static allocation: GB-s of this run, $ for 1,000,000 requests');
  expect(lines[2]).toMatch(/^ {2}aws-lambda-x86 .* 0\.0 %$/);
  expect(lines[3]).toMatch(/\$0\.50 +\$1\.00 +50\.0 %$/);
  for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
});
