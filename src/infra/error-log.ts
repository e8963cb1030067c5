import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configDir } from './config-dir.js';

/**
 * Where a bug's stack goes when a screen shows it: the screen has one line for
 * it, the stack needs many. FUNCTRACER_CONFIG_DIR moves it with the settings, which tests use.
 */
export function errorLogPath(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.FUNCTRACER_CONFIG_DIR) return path.join(configDir(env), 'errors.log');
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'functracer', 'errors.log');
}

/** Appends the error's stack with the time; returns the file, or undefined when it cannot be written (the screen still shows the message). */
export function logBug(error: unknown, file: string = errorLogPath()): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${new Date().toISOString()} functracer ${process.pid}\n${stack}\n\n`);
    return file;
  } catch {
    return undefined;
  }
}
