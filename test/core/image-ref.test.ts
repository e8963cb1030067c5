import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { isValidImageRef, parseImageRef } from '../../src/core/image-ref.js';

const HEX = 'd7f5d204032567fc11d1c89adeb7497fb006263f38d7d4e4c668dd9ee73a26c7';

describe('image references', () => {
  it('reads the forms the engine takes', () => {
    expect(parseImageRef('functracer/hello')).toEqual({ path: 'functracer/hello' });
    expect(parseImageRef('debian:12')).toEqual({ path: 'debian', tag: '12' });
    expect(parseImageRef('localhost/x')).toEqual({ domain: 'localhost', path: 'x' });
    expect(parseImageRef('127.0.0.1:8099/x:v1.2-rc_3')).toEqual({ domain: '127.0.0.1:8099', path: 'x', tag: 'v1.2-rc_3' });
    expect(parseImageRef('registry.example.com/a/b-c/d__e.f:Latest')).toEqual({
      domain: 'registry.example.com',
      path: 'a/b-c/d__e.f',
      tag: 'Latest',
    });
    expect(parseImageRef(`alpine@sha256:${HEX}`)).toEqual({ path: 'alpine', digest: `sha256:${HEX}` });
    expect(parseImageRef('[::1]:5000/x')).toEqual({ domain: '[::1]:5000', path: 'x' });
    expect(parseImageRef('a---b')).toEqual({ path: 'a---b' });
  });

  it('takes an image id, bare or with its algorithm', () => {
    expect(parseImageRef(HEX)).toEqual({ path: HEX, id: true });
    expect(parseImageRef(`sha256:${HEX}`)).toEqual({ path: HEX, id: true });
  });

  it.each([
    '',
    ' ',
    '../../127.0.0.1:8099/x',
    '../../x',
    'functracer/../hello',
    '/abs/path',
    'functracer/hello:../../x',
    'functracer/hello/',
    'a//b',
    'x?y',
    'x#y',
    'x%2fy',
    '.hidden',
    'a..b',
    'a___b',
    '-a',
    'a-',
    'x:',
    `x:${'t'.repeat(129)}`,
    'x@sha256:abc',
    `x@sha256:${HEX.toUpperCase()}`,
    'a b',
    'x\x1b[31m',
  ])('refuses %j', (text) => {
    expect(isValidImageRef(text)).toBe(false);
    expect(() => parseImageRef(text)).toThrow();
  });

  it('refuses a name longer than the engine takes', () => {
    expect(isValidImageRef(`a/${'b'.repeat(253)}`)).toBe(true);
    expect(isValidImageRef(`a/${'b'.repeat(254)}`)).toBe(false);
  });

  it('says what is wrong in one line, with the form to use', () => {
    const said = (text: string) => {
      try {
        parseImageRef(text);
      } catch (error) {
        return describeError(error);
      }
      return '';
    };
    expect(said('')).toBe('the image name is empty. Give an image such as functracer/hello');
    expect(said('Functracer/Hello')).toBe('the image name "Functracer/Hello" has capitals. Image names are lowercase: functracer/hello');
    expect(said('../../x')).toMatch(/^"\.\.\/\.\.\/x" is not an image name\. An image is \[registry\[:port\]\/\]name/);
  });
});
