import { describe, expect, it } from 'vitest';
import { formatSampleList } from '../../src/report/sample-builds.js';
import { SAMPLE_FUNCTIONS, sampleImageRef } from '../../src/tracer/samples/catalog.js';
import type { SampleStatus } from '../../src/tracer/samples/builder.js';

const MIB = 2 ** 20;
const statuses = (built: (name: string) => boolean): SampleStatus[] =>
  SAMPLE_FUNCTIONS.map((sample) => ({
    sample,
    image: sampleImageRef(sample),
    built: built(sample.name),
    stale: false,
    ...(built(sample.name) ? { sizeBytes: 101.8 * MIB } : {}),
  }));

describe('samples list', () => {
  it('lists a sample built on demand with its size once built, and asks for no build of it', () => {
    const text = formatSampleList(
      statuses(() => true),
      80,
    );
    expect(text).toMatch(/^functracer\/lambda-node\s+yes\s+101\.8 MiB {2}a Lambda function/m);
    expect(text).not.toMatch(/Build the missing|on demand/);
  });

  it('says how to build one built on demand, apart from the missing ones every build makes', () => {
    const onlyHello = formatSampleList(
      statuses((name) => name !== 'functracer/lambda-node'),
      80,
    );
    expect(onlyHello).toMatch(/^functracer\/lambda-node\s+no\s+- {2}a Lambda function/m);
    expect(onlyHello).not.toMatch(/Build the missing/);
    expect(onlyHello.replace(/\s+/g, ' ')).toContain(
      "lambda-node is built on demand (compiles AWS's client from npm once, a few minutes): functracer samples build lambda-node",
    );
    const both = formatSampleList(
      statuses((name) => name !== 'functracer/lambda-node' && name !== 'functracer/hello'),
      80,
    );
    expect(both).toMatch(/Build the missing ones with: functracer samples build\n/);
    for (const line of both.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
