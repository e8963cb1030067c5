import { describe, expect, it } from 'vitest';
import { jsonLine } from '../../src/core/json.js';

describe('jsonLine', () => {
  it('prints a sum of prices without binary floating-point noise', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(jsonLine({ total: 0.1 + 0.2, nested: [{ pct: 63.570167696381276 }] })).toBe('{"total":0.3,"nested":[{"pct":63.5701676964}]}\n');
  });

  it('keeps integers, large byte counts, null and non-numbers as they are', () => {
    expect(jsonLine({ bytes: 67_928_064, big: 2 ** 53 - 1, none: null, name: 'x', ok: true })).toBe(
      `{"bytes":67928064,"big":${2 ** 53 - 1},"none":null,"name":"x","ok":true}\n`,
    );
  });
});
