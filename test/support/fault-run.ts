import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { spawnCli } from './cli.js';
import { rawCsvsIn, waitFor } from './leftovers.js';

/** A CLI run against a faulty engine: its exit, its stderr, and when things happened. */
export class FaultRun {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-fault-'));
  private stderrText = '';
  private stdoutText = '';
  private exitedAtMs: number | undefined;
  readonly exited: Promise<number | null>;
  private readonly child;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawnCli(['run', '--out', this.dir, ...args], { env });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdoutText += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        this.exitedAtMs = Date.now();
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stdout(): string {
    return this.stdoutText;
  }

  /** What it wrote to stderr (no progress line: stderr is not a terminal here). */
  get stderr(): string {
    return this.stderrText;
  }

  /** Sends a signal and returns when it was sent. */
  signal(signal: NodeJS.Signals): number {
    this.child.kill(signal);
    return Date.now();
  }

  /** Ms from `since` to the exit. */
  async msToExit(since: number): Promise<number> {
    await this.exited;
    return this.exitedAtMs! - since;
  }

  /** The raw trace, once it has more than `rows` rows. */
  async traceWithRows(rows: number): Promise<string> {
    return waitFor(() => rawCsvsIn(this.dir).find((csv) => fs.readFileSync(csv, 'utf8').split('\n').length > rows));
  }

  get csvs(): string[] {
    return rawCsvsIn(this.dir);
  }

  /** The one line it printed, which names the container it could not remove (if any). */
  oneLine(): { line: string; container: string | undefined } {
    const lines = this.stderr.trim().split('\n');
    expect(lines, this.stderr).toHaveLength(1);
    const container = /docker rm -f (functracer-\S+?)(;|$)/.exec(lines[0]!)?.[1];
    return { line: lines[0]!, container };
  }

  /** A run that never started its trace must not claim to keep one. */
  expectNoTraceClaimed(): void {
    expect(this.csvs).toEqual([]);
    expect(this.stderr).not.toMatch(/trace is kept/);
  }

  /** A kept trace's line names it, and it exists. */
  expectTraceNamed(): string {
    const csv = /the trace is kept in (\S+?-rawresults\.csv)/.exec(this.stderr)?.[1];
    expect(csv, this.stderr).toBeDefined();
    expect(fs.existsSync(csv!)).toBe(true);
    return csv!;
  }

  cleanUp(): void {
    if (this.exitedAtMs === undefined) this.child.kill('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The raw trace's length from its start row to its finish row, ms. */
export function traceSpanMs(csvPath: string): number {
  const lines = fs.readFileSync(csvPath, 'utf8').trim().split('\n');
  const span = clockMs(lines.at(-1)!) - clockMs(lines[0]!);
  return span < 0 ? span + 86_400_000 : span;
}

/** Whether the run's container has no process left: its cgroup (under the run's parent) lists none, or is gone. */
export function processesGone(csvPath: string): boolean {
  const runId = runIdOf(csvPath);
  const parent = path.join('/sys/fs/cgroup/memory/functracer', runId ?? '');
  const container = fs.existsSync(parent) ? fs.readdirSync(parent, { withFileTypes: true }).find((e) => e.isDirectory()) : undefined;
  if (!container) return true;
  try {
    return fs.readFileSync(path.join(parent, container.name, 'cgroup.procs'), 'utf8').trim() === '';
  } catch {
    return true;
  }
}

function clockMs(row: string): number {
  const [h, m, s] = row.split(',')[0]!.split(':').map(Number);
  return Math.round(((h! * 60 + m!) * 60 + s!) * 1000);
}

/** `…/functracer-<runId>-rawresults.csv` → `<runId>`. */
function runIdOf(csvPath: string): string {
  const runId = /^functracer-(.+)-rawresults\.csv$/.exec(path.basename(csvPath))?.[1];
  if (runId === undefined) throw new Error(`not a run's raw trace: ${csvPath}`);
  return runId;
}
