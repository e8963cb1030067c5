import { expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/core/did-you-mean.js';

const SAMPLES = [
  'functracer/hello',
  'functracer/sleep',
  'functracer/resize',
  'functracer/monochrome',
  'functracer/compress',
  'functracer/memshape',
];

it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
  expect(editDistance('helo', 'hello')).toBe(1);
  expect(editDistance('hello', 'helo')).toBe(1);
  expect(editDistance('hlelo', 'hello')).toBe(1);
  expect(editDistance('hallo', 'hello')).toBe(1);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('sleep', 'xyz')).toBe(5);
});

it('suggests the nearest name within one edit in five characters, and nothing for a name far from all', () => {
  expect(closestName('functracer/helo', SAMPLES)).toBe('functracer/hello');
  expect(closestName('functracer/memshpae', SAMPLES)).toBe('functracer/memshape');
  expect(closestName('functracer/slep', ['debian:12', ...SAMPLES])).toBe('functracer/sleep');
  expect(closestName('functracer/xyz', SAMPLES)).toBeUndefined();
  expect(closestName('busybx', ['busybox'])).toBe('busybox');
  // Short words get one edit at most: 'abc' is not a likely slip for 'xbz'.
  expect(closestName('abc', ['xbz'])).toBeUndefined();
});

it('suggests nothing for a name that is one of the candidates, and prefers the nearest of two', () => {
  expect(closestName('functracer/hello', SAMPLES)).toBeUndefined();
  expect(closestName('hello-wrld', ['hello-world-x', 'hello-world'])).toBe('hello-world');
});
