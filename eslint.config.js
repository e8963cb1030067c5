import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'ref-data/', 'traces/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'child_process', message: 'Use node:child_process execFile with an argv array.' }] },
      ],
    },
  },
  {
    // Views get everything through props and hooks, never from the machine.
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['dockerode', 'node:fs', 'fs', 'node:child_process', '**/src/tracer/**'] }],
      'no-restricted-globals': ['error', 'process'],
    },
  },
);
