import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface RunOptions {
  /** stdout and stderr go here instead of being collected for the error message. */
  logFile?: string;
  stdoutFile?: string;
  allowFailure?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs a program from an argv array (never a shell string); a failure carries the end of its output. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const log = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
    const stdout = options.stdoutFile ? fs.openSync(options.stdoutFile, 'w') : (log ?? 'pipe');
    const child = spawn(command, args, { stdio: ['ignore', stdout, log ?? 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
    let tail = '';
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (typeof stdout === 'number' && stdout !== log) fs.closeSync(stdout);
      if (log !== undefined) fs.closeSync(log);
      if (code === 0 || options.allowFailure) return resolve(code ?? 1);
      if (options.logFile) tail = fs.readFileSync(options.logFile, 'utf8').slice(-2000);
      reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${tail}`));
    });
  });
}

/** Whether a program is on the PATH, without running it. */
export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      fs.accessSync(`${dir}/${command}`, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
