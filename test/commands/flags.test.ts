import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { RANGES } from '../../src/core/number-input.js';
import { numberFlag, requestsFlag } from '../../src/commands/flags.js';

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
    expect(lineFor('0', '--interval-ms', { kind: 'positive', min: 0.1, max: 10, example: '0.9' })).toBe(
      '--interval-ms got "0", which is not a positive number. Give --interval-ms a value such as 0.9',
    );
    expect(lineFor('x', '-n', RANGES.runs)).toBe('-n got "x", which is not a positive integer. Give -n a value such as 10');
    expect(lineFor('1.5', '--seed', RANGES.seed)).toBe(
      '--seed got "1.5", which is not a non-negative integer. Give --seed a value such as 42',
    );
  });

  it('takes decimal notation only, and refuses what is above the maximum', () => {
    expect(lineFor('0x10', '--duration-ms', { kind: 'positive', min: 0.001, max: 1e9, example: '2002' })).toBe(
      '--duration-ms got "0x10", which is not a positive number. Give --duration-ms a value such as 2002',
    );
    expect(lineFor('0b11', '--runs', RANGES.runs)).toMatch(/--runs got "0b11"/);
    expect(requestsFlag('1e6')).toBe(1_000_000);
    expect(numberFlag('.5', '--step', RANGES.hullStep)).toBe(0.5);
    expect(() => requestsFlag('1e16')).toThrow('--requests got "1e16", which is more than 1,000,000,000,000,000');
    expect(requestsFlag('1e15')).toBe(1e15);
  });

  it('refuses counts no one waits for, before an array of them is made', () => {
    expect(lineFor('99999999999', '--runs', RANGES.runs)).toBe(
      '--runs got "99999999999", which is more than 10,000. Give --runs a value such as 10',
    );
    expect(numberFlag('10000', '--runs', RANGES.runs)).toBe(10_000);
  });

  it('refuses dust: a denormal or a fraction below what the flag can mean', () => {
    expect(lineFor('1e-320', '--step', RANGES.hullStep)).toBe(
      '--step got "1e-320", which is not a number from 0.001 to 3,600. Give --step a value such as 0.1',
    );
    expect(lineFor('1e-320', '--cpus', RANGES.cpus)).toMatch(/^--cpus got "1e-320", which is not a number from 0\.01 to 1,024\./);
    expect(lineFor('1e300', '--buffer', RANGES.bufferPct)).toMatch(/^--buffer got "1e300", which is more than 1,000\./);
    expect(lineFor('1e999', '--buffer', RANGES.bufferPct)).toMatch(/which is not a non-negative number/);
    expect(lineFor('4294967296', '--seed', RANGES.seed)).toMatch(/which is more than 4,294,967,295/);
  });

  it('gives the reason for a range after it, when there is one', () => {
    const range = { kind: 'positive', min: 0.1, max: 10_000, example: '0.9', why: 'faster only burns a core' } as const;
    expect(lineFor('0.01', '--interval-ms', range)).toBe(
      '--interval-ms got "0.01", which is not a number from 0.1 to 10,000: faster only burns a core. Give --interval-ms a value such as 0.9',
    );
  });

  it('accepts what the kind allows', () => {
    expect(numberFlag('0', '--lookahead', RANGES.lookahead)).toBe(0);
    expect(numberFlag('0.001', '--step', RANGES.hullStep)).toBe(0.001);
    expect(() => numberFlag(' ', '--runs', RANGES.runs)).toThrow(/--runs got " "/);
  });
});
