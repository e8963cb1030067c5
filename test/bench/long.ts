/**
 * Long-run benchmark: `functracer run` on a memshape that swings between 16
 * and 64 MiB every second for 30 minutes, with the process's resident memory
 * read from /proc each minute. The trace is bounded, so RSS should stay flat
 * after the first minute; the CSV on disk grows instead. `--seconds N` and
 * `--every N` shorten it (a test runs it for seconds). Prints figures; it does
 * not pass or fail.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { benchFlag } from './bench-flags.js';

const seconds = benchFlag('--seconds', 1800);
const every = benchFlag('--every', 60);
const cli = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bench-long-'));
const swings = Array.from({ length: Math.ceil(seconds) }, (_, i) => (i % 2 === 0 ? '16:1000' : '64:1000'));

/** Resident and peak resident memory of a process, MB, from /proc; undefined once it is gone. */
function rssMb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
    const memory = { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    // A process that has exited but is not reaped yet (a zombie) has no memory lines: it is gone for this purpose.
    return Number.isNaN(memory.rss) ? undefined : memory;
  } catch {
    return undefined;
  }
}

const child = spawn(process.execPath, [cli, 'run', '--json', '--out', out, 'functracer/memshape', ...swings], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let stdout = '';
child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
const started = performance.now();
const rows: { 'at (s)': number; 'RSS (MB)': string; 'CSV (MB)': string }[] = [];
const csvMb = () => {
  const file = fs.readdirSync(out).find((f) => f.endsWith('-rawresults.csv'));
  return file ? fs.statSync(path.join(out, file)).size / 1e6 : 0;
};
let done = false;
void exited.then(() => (done = true));
for (let tick = 1; !done; tick++) {
  // Each reading at its own deadline from the start, so a slow tick does not push the rest back.
  await Promise.race([sleep(Math.max(0, started + tick * every * 1000 - performance.now())), exited]);
  const memory = child.pid === undefined || done ? undefined : rssMb(child.pid);
  if (memory) rows.push({ 'at (s)': tick * every, 'RSS (MB)': memory.rss.toFixed(1), 'CSV (MB)': csvMb().toFixed(1) });
}
const code = await exited;
fs.rmSync(out, { recursive: true, force: true });
if (code !== 0) throw new Error(`functracer run exited ${code}`);
const result = JSON.parse(stdout) as { samples: number; samplesPerSecond: number; durationMs: number };
console.log(
  `${(result.durationMs / 60_000).toFixed(1)} min traced, ${result.samples.toLocaleString('en-US')} samples at ` +
    `${result.samplesPerSecond.toFixed(0)}/s, on ${os.cpus().length} cores of ${os.cpus()[0]?.model ?? 'an unknown CPU'}; ` +
    `load average ${os.loadavg()[0]!.toFixed(1)} at the end`,
);
console.table(rows);
const rss = rows.map((r) => Number(r['RSS (MB)']));
const fromFirst = rss.slice(rows.findIndex((r) => r['at (s)'] >= Math.min(60, every)));
console.log(
  `RSS from the first reading past a minute to the last: ${Math.min(...fromFirst).toFixed(1)} to ${Math.max(...fromFirst).toFixed(1)} MB`,
);
