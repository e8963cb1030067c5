import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, it, expect } from 'vitest';

// The layer table of eslint.config.js, proved on virtual files: each forbidden import is an error, each allowed one is not.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

/** A module source becomes a value import; a whole statement is used as it is. */
const statement = (source: string) => (/^(import|export) /.test(source) ? source : `import * as m from '${source}';\nexport { m };\n`);

/** The import-rule messages ESLint gives the statement in a file at `filePath` (which need not exist). */
async function restrictions(filePath: string, source: string) {
  const [result] = await eslint.lintText(statement(source), { filePath });
  // No parse error and no "file ignored" warning, either of which would hide the rule.
  expect(result?.messages.filter((m) => m.ruleId === null)).toEqual([]);
  const layerRules = ['no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals'];
  return result!.messages.filter((m) => layerRules.includes(m.ruleId ?? '')).map((m) => m.message);
}

interface Layer {
  /** Named in every message of the layer's own rules: the message says why. */
  name: string;
  file: string;
  forbidden: string[];
  allowed: string[];
}

const LAYERS: Layer[] = [
  {
    name: 'src/core',
    file: 'src/core/fixture.ts',
    forbidden: [
      'node:fs',
      'fs',
      'node:fs/promises',
      'node:child_process',
      'child_process',
      'node:net',
      'node:http',
      'node:worker_threads',
      'node:os',
      'os',
      'node:stream',
      'dockerode',
      "import type Docker from 'dockerode';\nexport type { Docker };",
      'ink',
      'react',
      'react/jsx-runtime',
      'commander',
      '../tracer/x.js',
      '../infra/x.js',
      '../ops/x.js',
      '../report/x.js',
      '../commands/x.js',
      '../app/x.js',
      '../../components/X.js',
    ],
    allowed: [
      "import type { Writable } from 'node:stream';\nexport type { Writable };",
      "import type { Stats } from 'node:fs';\nexport type { Stats };",
      "import { type Stats } from 'node:fs';\nexport type { Stats };",
      'node:path',
      'zod',
      'csv-stringify/sync',
      './command-table.js',
      './trace.js',
    ],
  },
  {
    name: 'src/core',
    file: 'src/core/cost/fixture.ts',
    forbidden: ['../../tracer/x.js', '../../app/x.js', "export { x } from '../../ops/x.js';"],
    allowed: ['../errors.js', './data/x.json'],
  },
  {
    name: 'src/tracer',
    file: 'src/tracer/fixture.ts',
    forbidden: ['ink', 'react', 'commander', '../ops/x.js', '../report/x.js', '../commands/x.js', '../app/x.js', '../../components/X.js'],
    allowed: ['node:fs', 'node:child_process', 'node:worker_threads', 'dockerode', '../core/x.js', '../infra/x.js', './cgroup/x.js'],
  },
  {
    name: 'src/tracer',
    file: 'src/tracer/cgroup/fixture.ts',
    forbidden: ['ink', '../../ops/x.js', '../../commands/x.js', '../../app/x.js', '../../../components/X.js'],
    allowed: ['node:fs/promises', '../../core/x.js', '../../infra/x.js', '../worker-entry.js'],
  },
  {
    name: 'src/infra',
    file: 'src/infra/fixture.ts',
    forbidden: [
      'ink',
      'react',
      'commander',
      '../tracer/x.js',
      '../ops/x.js',
      '../report/x.js',
      '../commands/x.js',
      '../app/x.js',
      '../../components/X.js',
    ],
    allowed: ['node:fs/promises', 'node:os', 'sharp', 'vega', '../core/x.js'],
  },
  {
    name: 'src/ops',
    file: 'src/ops/fixture.ts',
    forbidden: [
      'ink',
      'react',
      'commander',
      'ink-testing-library',
      '../commands/x.js',
      '../app/x.js',
      '../../components/X.js',
      '../report/run-report.js',
      "import type { T } from '../report/x.js';\nexport type { T };",
      "export async function later() {\n  return import('../report/x.js');\n}",
    ],
    allowed: ['../tracer/x.js', '../tracer/cgroup/x.js', '../infra/x.js', '../core/x.js', 'node:fs', 'dockerode'],
  },
  {
    name: 'src/report',
    file: 'src/report/fixture.ts',
    forbidden: [
      'node:fs',
      'fs',
      'node:child_process',
      'node:os',
      'dockerode',
      'ink',
      'react',
      'commander',
      '../ops/tune.js',
      '../tracer/tracer.js',
      '../infra/no-limit.js',
      '../commands/x.js',
      '../app/x.js',
      '../app/present/format.js',
      "import type { T } from '../app/x.js';\nexport type { T };",
      '../../components/X.js',
      "export async function later() {\n  return import('../commands/x.js');\n}",
      "export async function later() {\n  return import('../ops/plot.js');\n}",
      'export const width = process.stdout.columns;',
    ],
    allowed: [
      '../core/x.js',
      '../core/cost/compare.js',
      './x.js',
      'node:path',
      "import type { TuneOutcome } from '../ops/tune.js';\nexport type { TuneOutcome };",
      "import type { RunResult } from '../tracer/tracer.js';\nexport type { RunResult };",
      "import type { Stats } from 'node:fs';\nexport type { Stats };",
    ],
  },
  {
    name: 'src/commands',
    file: 'src/commands/fixture.ts',
    forbidden: ['ink', 'react', '../../components/App.js', "export { App } from '../../components/App.js';"],
    allowed: [
      'commander',
      '../ops/x.js',
      '../report/x.js',
      '../app/x.js',
      '../tracer/x.js',
      '../core/x.js',
      'node:fs',
      "export async function open() {\n  return import('../app/tui.js');\n}",
    ],
  },
  {
    name: 'src/app',
    file: 'src/app/fixture.ts',
    forbidden: [
      '../commands/x.js',
      "import type { T } from '../commands/x.js';\nexport type { T };",
      "export async function later() {\n  return import('../commands/plot-input.js');\n}",
    ],
    allowed: [
      "export async function later() {\n  return import('../ops/plot.js');\n}",
      '../ops/x.js',
      '../report/x.js',
      '../tracer/x.js',
      '../core/x.js',
      'ink',
      'react',
      './command-table.js',
      './commands-view.js',
    ],
  },
  {
    name: 'src/app',
    file: 'src/app/present/fixture.ts',
    forbidden: ['../../commands/x.js'],
    allowed: ['../../ops/x.js', '../../report/x.js', '../format.js'],
  },
  {
    name: 'src/app/screens',
    file: 'src/app/screens/home/fixture.ts',
    forbidden: ['ink', 'react', '../../../../components/App.js', '../../../commands/x.js'],
    allowed: [
      "import type { Key } from 'ink';\nexport type { Key };",
      '../../../ops/x.js',
      '../../../report/x.js',
      '../store.js',
      '../../services.js',
    ],
  },
  {
    name: 'components',
    file: 'components/screens/Fixture.tsx',
    forbidden: [
      'dockerode',
      'node:fs',
      'fs',
      'node:fs/promises',
      'node:child_process',
      'child_process',
      '../../src/tracer/x.js',
      '../../src/infra/x.js',
      '../../src/ops/x.js',
      '../../src/commands/x.js',
      "export async function later() {\n  return import('../../src/commands/x.js');\n}",
    ],
    allowed: [
      "import type { MultiStats } from '../../src/ops/multi.js';\nexport type { MultiStats };",
      '../../src/app/x.js',
      '../../src/app/present/x.js',
      '../../src/report/x.js',
      '../../src/core/x.js',
      'ink',
      'react',
      '../Pane.js',
      "import type { Stats } from 'node:fs';\nexport type { Stats };",
    ],
  },
  {
    name: 'components',
    file: 'components/Fixture.tsx',
    forbidden: ['../src/tracer/x.js', '../src/commands/x.js'],
    allowed: ['../src/app/x.js', './screens/X.js'],
  },
];

const cases = (kind: 'forbidden' | 'allowed') =>
  LAYERS.flatMap((layer) => layer[kind].map((source) => [layer.file, source, layer.name] as const));

describe('the layer table', () => {
  it.each(cases('forbidden'))('%s must not import %s', async (file, source, name) => {
    expect((await restrictions(file, source)).join('\n')).toContain(name);
  });

  it.each(cases('allowed'))('%s may import %s', async (file, source) => {
    expect(await restrictions(file, source)).toEqual([]);
  });

  const everywhere = [...new Set(LAYERS.map((layer) => layer.file)), 'src/cli.tsx', 'test/fixture.test.ts'];
  it.each(everywhere)('%s keeps the project-wide ban on plain child_process', async (file) => {
    expect((await restrictions(file, 'child_process')).join('\n')).toContain('execFile');
  });
});
