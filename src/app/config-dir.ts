import os from 'node:os';
import path from 'node:path';

/**
 * functracer's configuration folder: FUNCTRACER_CONFIG_DIR, else where env-paths
 * puts it without conf's "-nodejs" suffix. The same rule as configDir in
 * src/commands/provider-files.ts (a test holds them together), kept apart
 * because that module loads zod, which the TUI's first frame should not wait for.
 */
export function settingsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.FUNCTRACER_CONFIG_DIR) return env.FUNCTRACER_CONFIG_DIR;
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'functracer');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'functracer', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'functracer');
}
