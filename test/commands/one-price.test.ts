import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTraceFile } from '../../src/app/file-service.js';
import { priceSnapshot } from '../../src/app/screen-pricing.js';
import type { CostEntry } from '../../src/ops/price-result.js';
import { runCli } from '../support/cli.js';

const TRACES = path.resolve(import.meta.dirname, '../fixtures/traces');

afterEach(() => vi.unstubAllEnvs());

/** The figures a user reads off either front end, to the cent. */
function figures(entries: readonly CostEntry[]) {
  return Object.fromEntries(
    entries.map((e) => [
      e.provider,
      'error' in e
        ? e.error
        : [e.usedMb, e.allocatedMb, e.billedDurationMs, ...[e.totalCost, e.netCost, e.overheadCost].map((v) => v.toFixed(2))],
    ]),
  );
}

describe('one recorded trace, one price', () => {
  it.each([
    ['plot-memshape-rawresults.csv', false],
    ['plot-memshape-rawresults.csv', true],
    ['original-format-rawresults.csv', false],
  ])('%s (free tier %s): cost --trace and the TUI trace screen agree on every provider', async (name, freeTier) => {
    const file = path.join(TRACES, name);
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    const cli = await runCli(['cost', '--trace', file, '--requests', '3000000', ...(freeTier ? ['--free-tier'] : []), '--json'], {
      env: { FUNCTRACER_CONFIG_DIR: config },
    });
    expect(cli.stderr).toBe('');
    const fromCli = (JSON.parse(cli.stdout) as { providers: CostEntry[] }).providers;

    vi.stubEnv('FUNCTRACER_CONFIG_DIR', config);
    const { source } = await openTraceFile(file);
    const fromTui = priceSnapshot(source.getSnapshot(), { requestsPerMonth: 3_000_000, freeTier });

    expect(fromCli.length).toBeGreaterThan(5);
    expect(figures(fromTui)).toEqual(figures(fromCli));
  });
});
