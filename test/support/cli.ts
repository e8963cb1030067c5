import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The built CLI, as a user runs it; `npm test` builds it first. */
export const CLI = path.resolve(import.meta.dirname, '../../dist/src/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The CLI's pid: its containers carry it, so a test can tell them from those of a functracer running alongside. */
  pid: number;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...options.env }, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, pid: child.pid ?? 0 });
      },
    );
  });
}

export function spawnCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
