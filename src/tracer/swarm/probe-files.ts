import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { listTree } from '../samples/host-files.js';

/** The probe's entry, relative to the package root, compiled. */
export const PROBE_ENTRY = 'dist/src/probe.js';

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`, in compiled ES modules. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"\n]+)['"]/g;

/** Loaded only when functracer runs from its TypeScript sources (worker-entry.ts); the probe runs the compiled build. */
const SOURCE_ONLY = new Set(['tsx']);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The files of functracer's build the probe needs, and the npm packages they load: found by following the compiled
 * imports from the probe's entry (and the worker threads it starts, which are loaded by URL, not imported), then
 * each package's own dependencies. The probe image carries these and nothing of the TUI.
 */
export async function probeFiles(root: string): Promise<{ files: string[]; packages: string[] }> {
  const dist = join(root, 'dist', 'src');
  const workers = (await listTree(dist)).filter((f) => /-worker\.js$|worker-entry\.js$/.test(f));
  const seen = new Set<string>();
  const bare = new Set<string>();
  const queue = [join(root, PROBE_ENTRY), ...workers];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const [, specifier] of text.matchAll(SPECIFIER)) {
      if (specifier === undefined || specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else if (!SOURCE_ONLY.has(packageName(specifier))) bare.add(packageName(specifier));
    }
  }
  return { files: [...seen].sort(), packages: await packageClosure(root, [...bare]) };
}

/**
 * The packages and everything they depend on, as installed at the top of node_modules; built-ins are left out. A
 * package's own nested node_modules come with its folder, but what those nested packages need may be hoisted to the
 * top, so their manifests are read too.
 */
async function packageClosure(root: string, names: string[]): Promise<string[]> {
  const found = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (found.has(name)) continue;
    const dir = join(root, 'node_modules', name);
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    // A Node built-in imported without `node:` (or an optional dependency not installed) has no folder.
    if (manifest === undefined) continue;
    found.add(name);
    const nested = (await listTree(join(dir, 'node_modules')).catch(() => [] as string[])).filter((f) => f.endsWith('/package.json'));
    for (const text of [manifest, ...(await Promise.all(nested.map((f) => readFile(f, 'utf8'))))]) queue.push(...dependenciesOf(text));
  }
  return [...found].sort();
}

function dependenciesOf(manifest: string): string[] {
  try {
    const json = JSON.parse(manifest) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    return Object.keys({ ...json.dependencies, ...json.optionalDependencies });
  } catch {
    // A test fixture named package.json inside a package: not a manifest.
    return [];
  }
}

/** A short fingerprint of the files, by path, size and modification time: a rebuild of functracer makes a new probe. */
export async function fingerprint(root: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    const info = await stat(file);
    hash.update(`${relative(root, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}
