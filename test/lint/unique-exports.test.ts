import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every name exported from src and components is defined once, so a reader never has to ask which MultiTable is meant.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A declaration exported at the start of a line: `export function x`, `export async function x`, `export interface X`… */
const EXPORTED = /^export (?:declare )?(?:async )?(?:abstract )?(?:function\*?|const|let|var|class|interface|type|enum) ([A-Za-z0-9_$]+)/gm;

interface Source {
  path: string;
  text: string;
}

/** Each name defined by more than one export, with the files that define it. */
function definedTwice(sources: readonly Source[]): Record<string, string[]> {
  const where = new Map<string, string[]>();
  for (const { path, text } of sources) {
    for (const [, name] of text.matchAll(EXPORTED)) where.set(name!, [...(where.get(name!) ?? []), path]);
  }
  return Object.fromEntries([...where].filter(([, paths]) => paths.length > 1));
}

function sourcesUnder(folder: string): Source[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(repoRoot, folder, file))
    .map((path) => ({ path: relative(repoRoot, path), text: readFileSync(path, 'utf8') }));
}

describe('exported names', () => {
  it('are found however they are declared, and a second definition is named with both files', () => {
    const sources = [
      { path: 'a.ts', text: "import x from 'y';\nexport function MultiTable() {}\nexport async function load() {}\n" },
      { path: 'b.ts', text: 'export interface MultiTable {\n  rows: number;\n}\nexport const load = 1;\n' },
      { path: 'c.tsx', text: 'export type MultiTable = {};\n  export function indented() {}\nexport { load };\n' },
    ];
    expect(definedTwice(sources)).toEqual({ MultiTable: ['a.ts', 'b.ts', 'c.tsx'], load: ['a.ts', 'b.ts'] });
  });

  it('are each defined once in src and components', () => {
    const sources = [...sourcesUnder('src'), ...sourcesUnder('components')];
    // The walk found the tree: a wrong root would pass with nothing to compare.
    expect(sources.map((s) => s.path)).toContain(join('src', 'report', 'run-report.ts'));
    expect(definedTwice(sources)).toEqual({});
  });
});
