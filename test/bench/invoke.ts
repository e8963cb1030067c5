/**
 * What functracer's Runtime API adds to an invocation: `functracer invoke` hands the C sample (functracer/lambda-c,
 * a static custom runtime that answers at once) the empty event N times, and the invocations' own Durations, from
 * the event handed out to the response received, are the figure. The first, cold one is left out. `--events N`
 * sets N (a test runs a few). Prints figures; it does not pass or fail.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchFlag } from './bench-flags.js';

const events = benchFlag('--events', 1000);
const cli = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bench-invoke-'));
const run = promisify(execFile);

/** Percentile by linear interpolation between closest ranks. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.ceil(rank)]! - sorted[low]!) * (rank - low);
}

const loadBefore = os.loadavg()[0]!;
try {
  const { stdout } = await run(process.execPath, [cli, 'invoke', '--json', '--out', out, '-n', String(events), 'functracer/lambda-c'], {
    maxBuffer: 256 * 1024 * 1024,
    timeout: 600_000,
  });
  const result = JSON.parse(stdout) as {
    invocations: { cold: boolean; durationMs: number; outcome: string }[];
    runs: { phases: { boundaryLagMs: number | null }[] }[];
  };
  const warm = result.invocations.filter((i) => !i.cold && i.outcome === 'response').map((i) => i.durationMs);
  const sorted = [...warm].sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(3);
  console.log(
    `${warm.length} warm invocations of functracer/lambda-c, on ${os.cpus().length} cores of ${os.cpus()[0]?.model ?? 'an unknown CPU'}; ` +
      `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after`,
  );
  console.table([
    {
      'event out → response in': 'ms',
      p50: ms(percentile(sorted, 50)),
      p95: ms(percentile(sorted, 95)),
      min: ms(sorted[0]!),
      max: ms(sorted.at(-1)!),
    },
  ]);
  console.log(`Target: p50 at most 0.5 ms; ${percentile(sorted, 50) <= 0.5 ? 'met' : 'missed'} here.`);
  const lags = result.runs
    .flatMap((run) => run.phases.map((phase) => phase.boundaryLagMs))
    .filter((lag): lag is number => lag !== null)
    .sort((a, b) => a - b);
  if (lags.length > 0) {
    console.log(
      `Phase boundaries: their readings came a median ${ms(percentile(lags, 50))} ms after the API events, ` +
        `p95 ${ms(percentile(lags, 95))} ms, at most ${ms(lags.at(-1)!)} ms.`,
    );
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
