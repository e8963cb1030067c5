import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding functracer's package.json. Walking up, rather than a fixed
 * number of "..", keeps it right from src/ (tsx, vitest) and from dist/src/ (compiled).
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}; functracer's files are not where it expects them`);
    dir = parent;
  }
}

/** Where sample inputs live, as the original testbed kept them: `<package root>/ref-data`. */
export function refDataDir(): string {
  return join(packageRoot(), 'ref-data');
}
