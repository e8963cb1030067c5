import { expect, it } from 'vitest';
import { describeError, UserError } from '../../src/core/errors.js';

it('keeps an error on one line when its message quotes a file with newlines', () => {
  let parseError: unknown;
  try {
    JSON.parse('not\njson');
  } catch (error) {
    parseError = error;
  }
  const line = describeError(new UserError(`bad.json is not a hull (${(parseError as Error).message})`, 'Pass a uhull.json'));
  expect(line).not.toContain('\n');
  expect(line).toMatch(/^bad\.json is not a hull \(.*\)\. Pass a uhull\.json$/);
  expect(describeError(new Error('two\n  lines'))).toBe('functracer hit a bug: two lines. Rerun with --debug and report the stack trace.');
});
