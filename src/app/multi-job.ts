import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { multiCsv } from '../commands/multi-report.js';
import { formatDat } from '../core/dat.js';
import { runMany } from '../tracer/multi.js';
import type { ContainerRuntime } from '../tracer/runtime.js';
import { newRunId, type RunResult } from '../tracer/tracer.js';
import type { MultiHooks } from './multi-session.js';
import { multiTable } from './multi-table.js';
import type { RunPlan } from './run-request.js';
import type { Settings } from './settings.js';

/**
 * `functracer multi` from the TUI: N runs one after another, their raw traces,
 * and the .dat and CSV rewritten after every run, so stopping keeps the finished ones.
 */
export async function runMultiPlan(
  runtime: ContainerRuntime,
  plan: RunPlan,
  settings: Settings,
  cwd: string,
  runs: number,
  hooks: MultiHooks,
): Promise<{ interrupted: boolean }> {
  const outDir = resolve(cwd, settings.outDir);
  mkdirSync(outDir, { recursive: true });
  const name = `functracer-multi-${newRunId()}`;
  const files = { dat: join(outDir, `${name}-results.dat`), csv: join(outDir, `${name}-results.csv`) };
  const finished: RunResult[] = [];
  // A function that rewrites its input gets a fresh copy before every run, as a single run does.
  const scratch = plan.scratch ? mkdtempSync(join(tmpdir(), 'functracer-scratch-')) : undefined;
  const specFor = () => {
    if (!plan.scratch || !scratch) return plan.spec;
    rmSync(scratch, { recursive: true, force: true });
    cpSync(plan.scratch.from, scratch, { recursive: true });
    return { ...plan.spec, binds: [...plan.spec.binds, `${scratch}:${plan.scratch.mountPoint}`] };
  };
  try {
    return await runMany(runtime, plan.spec, {
      runs,
      outDir,
      intervalMs: settings.intervalMs,
      signal: hooks.signal,
      specFor,
      onSamples: hooks.onSamples,
      onStatus: hooks.onStatus,
      onRunStart: (index) => hooks.onRunStart(index),
      onRunDone: (index, result) => {
        if (!result.interrupted) {
          finished.push(result);
          const table = multiTable(finished, settings, plan.spec.memoryBytes);
          if (table.rows.length > 0) {
            writeFileSync(files.dat, formatDat(table.rows));
            writeFileSync(files.csv, multiCsv(finished, table.rows));
            hooks.onFiles(files);
          }
        }
        hooks.onRunDone(index, result);
      },
    });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
