import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layer table: imports point downward only (test/lint/layers.test.ts proves every rule below).
//
// Flat config REPLACES a rule's options when a later object sets the same rule for the same file, so every
// folder's `no-restricted-imports` is built by restrictImports(), which always carries the project-wide ban first.
//
// Patterns use gitignore syntax: '/ink' is the package and its subpaths (not 'ink-testing-library');
// '**/commands/**' is the folder from any depth ('../commands/x.js', '../../src/commands/x.js'), not './command-table.js'.
// no-restricted-imports sees static imports and re-exports; lazyImportOf() covers import() of the CLI layer too.

/** A `no-restricted-syntax` entry for a lazy `import()` of a layer folder, which no-restricted-imports does not see. */
function lazyImportOf(folder, message) {
  return { selector: `ImportExpression > Literal[value=/(^|\\/)${folder}\\//]`, message };
}

const PROJECT_WIDE = [{ name: 'child_process', message: 'Use node:child_process execFile with an argv array.' }];

/** The `no-restricted-imports` entry for a folder: the project-wide ban plus the folder's own pattern groups. */
function restrictImports(...groups) {
  return ['error', { paths: PROJECT_WIDE, patterns: groups }];
}

/** Packages and their subpaths, by exact name. */
const packages = (...names) => names.map((name) => `/${name}`);
/** Node built-ins under both spellings, `fs` and `node:fs` (subpaths such as `node:fs/promises` included). */
const builtins = (...names) => names.flatMap((name) => [`/${name}`, `/node:${name}`]);
/** A top-level layer folder reached by a relative import from any depth. */
const folders = (...names) => names.map((name) => `**/${name}/**`);

const UI_AND_CLI = packages('ink', 'react', 'commander');
/** The Node built-ins that touch the machine: files, processes, network, threads, the host, streams. */
const IO_MODULES = ['fs', 'child_process', 'net', 'tls', 'dgram', 'dns', 'http', 'https', 'http2', 'worker_threads', 'os', 'stream'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'ref-data/', 'traces/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: PROJECT_WIDE }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: builtins(...IO_MODULES),
          allowTypeImports: true,
          message:
            'src/core is the pure domain: no I/O (type-only imports are fine). Do the I/O in src/tracer or src/infra, pass the data in.',
        },
        {
          group: [...packages('dockerode'), ...UI_AND_CLI],
          message: 'src/core is the pure domain: no Docker client, no UI (ink, react) and no CLI framework (commander).',
        },
        {
          group: folders('tracer', 'infra', 'ops', 'report', 'commands', 'app', 'components'),
          message: 'src/core is the bottom layer: every other layer imports it, it imports none of them.',
        },
      ),
    },
  },
  {
    files: ['src/tracer/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: UI_AND_CLI,
          message:
            'src/tracer is the engine: it reports through callbacks and data, it never draws (ink, react) nor parses the command line (commander).',
        },
        {
          group: folders('ops', 'report', 'commands', 'app', 'components'),
          message:
            'src/tracer sits below the use cases: src/ops, src/commands, src/app and components call it, never the reverse; it reports data, never text (src/report).',
        },
      ),
    },
  },
  {
    files: ['src/infra/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: UI_AND_CLI,
          message: 'src/infra does file and picture I/O for the layers above: no UI (ink, react) and no CLI framework (commander).',
        },
        {
          group: folders('tracer', 'ops', 'report', 'commands', 'app', 'components'),
          message: 'src/infra sits beside src/tracer, below the use cases: it builds on src/core only.',
        },
      ),
    },
  },
  {
    files: ['src/ops/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: [...UI_AND_CLI, ...packages('ink-testing-library')],
          message: 'src/ops holds the use cases shared by the CLI and the TUI: no UI or CLI framework; the callers present the results.',
        },
        {
          group: folders('commands', 'app', 'components'),
          message: 'src/ops is called by src/commands and src/app, never the reverse, and knows nothing of the views.',
        },
        {
          group: folders('report'),
          message: 'src/ops returns data, never text: the front ends turn its results into text through src/report.',
        },
      ),
      'no-restricted-syntax': [
        'error',
        lazyImportOf('report', 'src/ops returns data, never text: the front ends turn its results into text through src/report.'),
      ],
    },
  },
  {
    // The text both front ends print, made from data handed in: what src/core is to the domain, this is to the words.
    files: ['src/report/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: builtins(...IO_MODULES),
          allowTypeImports: true,
          message: 'src/report turns results into text: no I/O (type-only imports are fine); the caller reads and prints.',
        },
        {
          group: [...packages('dockerode'), ...UI_AND_CLI],
          message: 'src/report is plain text: no Docker client, no UI (ink, react) and no CLI framework (commander).',
        },
        {
          group: folders('tracer', 'infra', 'ops'),
          allowTypeImports: true,
          message: 'src/report builds on src/core: it may name the types of src/ops and src/tracer results, never call them.',
        },
        {
          group: folders('commands', 'app', 'components'),
          message: 'src/report sits below both front ends: src/commands, src/app and components import it, never the reverse.',
        },
      ),
      'no-restricted-syntax': [
        'error',
        ...['tracer', 'infra', 'ops', 'commands', 'app', 'components'].map((folder) =>
          lazyImportOf(folder, `src/report builds on src/core and loads nothing lazily from ${folder}.`),
        ),
      ],
      // Width, colour and the user are handed in: a report reads nothing of the process it is printed by.
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/report is pure: take what it needs (width, root) as an argument.' },
      ],
    },
  },
  {
    files: ['src/commands/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        group: [...packages('ink', 'react'), ...folders('components')],
        message:
          'src/commands is the CLI layer: it prints text. The TUI (ink, react, components) is reached through a lazy import() of an Ink entry under src/app.',
      }),
    },
  },
  {
    files: ['src/app/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        group: folders('commands'),
        message: 'src/app is the TUI; it calls src/ops, never the CLI layer (src/commands).',
      }),
      'no-restricted-syntax': [
        'error',
        lazyImportOf('commands', 'src/app is the TUI; it calls src/ops, never the CLI layer (src/commands).'),
      ],
    },
  },
  {
    // A screen's model is plain TypeScript: its reducer, key tables and view model run in a unit test, no React.
    files: ['src/app/screens/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: folders('commands'),
          message: "src/app/screens holds the screens' models; like all of src/app it calls src/ops, never src/commands.",
        },
        {
          group: packages('ink', 'react'),
          allowTypeImports: true,
          message:
            "src/app/screens holds the screens' models: plain state, reducers and key tables, no React or Ink (their types are fine).",
        },
        {
          group: folders('components'),
          message: "src/app/screens holds the screens' models: the views in components render them, never the reverse.",
        },
      ),
    },
  },
  {
    // Views get everything through props and hooks, never from the machine.
    files: ['components/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          group: builtins('fs', 'child_process'),
          allowTypeImports: true,
          message: 'components are views: they get everything through props and src/app hooks, never from the file system or a process.',
        },
        {
          group: packages('dockerode'),
          message: 'components are views: the Docker engine is reached through src/app services, never directly.',
        },
        {
          group: folders('tracer', 'infra', 'commands'),
          message: 'components are views: they reach the engine, the I/O and the use cases only through src/app hooks and services.',
        },
        {
          group: folders('ops'),
          allowTypeImports: true,
          message: 'components are views: they may name the types of src/ops results, but call use cases only through src/app.',
        },
      ),
      'no-restricted-globals': ['error', 'process'],
      'no-restricted-syntax': ['error', lazyImportOf('commands', 'components are views, and never reach the CLI layer.')],
    },
  },
);
