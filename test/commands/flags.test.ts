import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { numberFlag } from '../../src/commands/flags.js';

/** The one line the CLI prints for a flag's error. */
function lineFor(...args: Parameters<typeof numberFlag>): string {
  try {
    numberFlag(...args);
  } catch (error) {
    return describeError(error);
  }
  throw new Error('expected numberFlag to refuse');
}

describe('numberFlag', () => {
  it("gives each flag's own example in its hint", () => {
    expect(lineFor('0', '--interval-ms', 'positive', '0.9')).toBe(
      '--interval-ms got "0", which is not a positive number. Give --interval-ms a value such as 0.9',
    );
    expect(lineFor('x', '-n', 'positive integer', '10')).toBe('-n got "x", which is not a positive integer. Give -n a value such as 10');
    expect(lineFor('1.5', '--seed', 'non-negative integer', '42')).toBe(
      '--seed got "1.5", which is not a non-negative integer. Give --seed a value such as 42',
    );
  });

  it('falls back to 1, or 0 for kinds that allow it, without an example', () => {
    expect(lineFor('-1', '--step', 'positive')).toMatch(/Give --step a value such as 1$/);
    expect(lineFor('-1', '--buffer', 'non-negative')).toMatch(/Give --buffer a value such as 0$/);
  });

  it('takes decimal notation only, and refuses what is above the maximum', () => {
    expect(lineFor('0x10', '--duration-ms', 'positive', '2002')).toBe(
      '--duration-ms got "0x10", which is not a positive number. Give --duration-ms a value such as 2002',
    );
    expect(lineFor('0b11', '--runs', 'positive integer')).toMatch(/--runs got "0b11"/);
    expect(numberFlag('1e6', '--requests', 'positive integer')).toBe(1_000_000);
    expect(numberFlag('.5', '--step', 'positive')).toBe(0.5);
    expect(lineFor('1e16', '--requests', 'positive integer', '1000000', 1e15)).toBe(
      '--requests got "1e16", which is more than 1,000,000,000,000,000. Give --requests a value such as 1000000',
    );
    expect(numberFlag('1e15', '--requests', 'positive integer', '1000000', 1e15)).toBe(1e15);
  });

  it('accepts what the kind allows', () => {
    expect(numberFlag('0', '--lookahead', 'non-negative integer')).toBe(0);
    expect(numberFlag('0.9', '--interval-ms', 'positive')).toBe(0.9);
    expect(() => numberFlag(' ', '--runs', 'positive integer')).toThrow(/--runs got " "/);
  });
});
