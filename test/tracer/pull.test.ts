import { describe, expect, it } from 'vitest';
import { pullFailure } from '../../src/tracer/pull.js';

// Messages as Docker 26 returned them on machines without a registry.
describe('pullFailure', () => {
  it('names an unreachable registry instead of quoting the resolver', () => {
    expect(
      pullFailure('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host'),
    ).toBe('the registry registry-1.docker.io cannot be reached from this machine');
  });

  it('says a registry refused the connection', () => {
    expect(pullFailure('Get "http://localhost:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused')).toBe(
      'the registry localhost:1 refused the connection',
    );
  });

  it('says the image is missing or private', () => {
    expect(pullFailure("pull access denied for nosuch/image, repository does not exist or may require 'docker login'")).toBe(
      'the registry has no such image, or it needs a docker login',
    );
  });

  it('keeps an unknown reason, cut to fit a line', () => {
    expect(pullFailure('something new')).toBe('something new');
    expect(pullFailure('x'.repeat(300))).toHaveLength(120);
  });
});
