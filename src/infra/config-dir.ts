import os from 'node:os';
import path from 'node:path';

/**
 * functracer's configuration folder (settings.json, providers/): where
 * env-paths, conf's convention, puts it, without conf's "-nodejs" suffix so
 * people can find it. FUNCTRACER_CONFIG_DIR overrides it, which tests use.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.FUNCTRACER_CONFIG_DIR) return env.FUNCTRACER_CONFIG_DIR;
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'functracer');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'functracer', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'functracer');
}
