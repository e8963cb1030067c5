/**
 * Trace-file benchmark: an hour of a 1.7 kHz run as one raw CSV of about
 * 200 MB, read by `cost --trace`, `hull --from` and `plot` as a user runs them.
 * Prints each command's time and peak resident memory beside `wc -l` on the
 * same file; it does not pass or fail.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatClock } from '../../src/core/raw-csv.js';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../../src/cli.js');
const ROWS = 6_120_000;
const MIB = 1024 * 1024;
// Each process writes its own peak resident set on exit, in KiB, where the benchmark can read it.
const PROBE = `data:text/javascript,${encodeURIComponent(
  "import fs from 'node:fs'; process.on('exit', () => fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

function writeTrace(file: string): void {
  const fd = fs.openSync(file, 'w');
  const start = new Date(2026, 11, 1, 9, 0, 0, 0).getTime();
  let chunk = `${formatClock(start)},0\n`;
  for (let i = 1; i < ROWS - 1; i++) {
    // 1.7 samples a ms, a slow wave with a spike every 10,000 samples, under a 512 MB limit.
    const bytes = Math.round((64 + 40 * Math.sin(i / 50_000) + (i % 10_000 === 0 ? 200 : 0)) * MIB);
    chunk += `${formatClock(start + i / 1.7)},${bytes},${512 * MIB}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  chunk += `${formatClock(start + ROWS / 1.7)},0\n`;
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

async function measure(
  name: string,
  command: string,
  args: readonly string[],
): Promise<{ name: string; seconds: number; rssMb: number | null }> {
  const rssFile = path.join(os.tmpdir(), `functracer-bench-rss-${process.pid}`);
  fs.rmSync(rssFile, { force: true });
  const started = performance.now();
  await run(command, [...args], { env: { ...process.env, BENCH_RSS_FILE: rssFile, COLUMNS: '80' }, maxBuffer: 64 * MIB });
  const seconds = (performance.now() - started) / 1000;
  const rssMb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) / 1024 : null;
  return { name, seconds, rssMb };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bench-traces-'));
const file = path.join(dir, 'hour-rawresults.csv');
writeTrace(file);
const sizeMb = fs.statSync(file).size / MIB;
const node = (args: string[]) => [process.execPath, ['--import', PROBE, CLI, ...args]] as const;
try {
  const wc = await measure('wc -l', 'wc', ['-l', file]);
  const results = [
    wc,
    // Node and functracer starting up, with no file: the floor under every command below.
    await measure('start-up only', ...node(['cost', '--duration-ms', '1', '--memory-mb', '1', '--provider', 'aws-lambda-x86'])),
    await measure('cost --trace', ...node(['cost', '--trace', file, '--provider', 'aws-lambda-x86'])),
    await measure('hull --from', ...node(['hull', '--from', file, '--out', dir])),
    await measure('plot (terminal)', ...node(['plot', file])),
    await measure('plot --out svg', ...node(['plot', file, '--out', path.join(dir, 'plot.svg')])),
  ];
  console.log(
    `${ROWS.toLocaleString('en')} rows, ${sizeMb.toFixed(0)} MB, on ${os.cpus().length} cores of ${os.cpus()[0]?.model ?? 'an unknown CPU'}`,
  );
  console.table(
    results.map((r) => ({
      command: r.name,
      'time (s)': r.seconds.toFixed(2),
      '× wc -l': (r.seconds / wc.seconds).toFixed(1),
      'peak RSS (MB)': r.rssMb === null ? '—' : r.rssMb.toFixed(0),
    })),
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
