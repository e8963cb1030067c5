import { describe, expect, it } from 'vitest';
import { decodeProbeBundle, decodeProbeJob, encodeProbeBundle, encodeProbeJob, type ProbeBundle } from '../../src/core/probe-bundle.js';
import { planOf } from '../../src/core/run-plan.js';

const csv = Array.from({ length: 20_000 }, (_, i) => `12:00:${String(i % 60).padStart(2, '0')}.000,${1_000_000 + i * 7},0`).join('\n');
const bundle: ProbeBundle = {
  version: 1,
  result: { durationMs: 1234, peakBytes: 5_000_000, node: 'n1' },
  files: [{ name: 'functracer-x-rawresults.csv', data: Buffer.from(csv).toString('base64') }],
};

describe('the probe bundle', () => {
  it('comes back whole from a log with other lines and chunks split over many lines', () => {
    const lines = encodeProbeBundle(bundle);
    expect(lines.length).toBeGreaterThan(2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(16 * 1024);
    const log = ['a warning from node', ...lines, ''].join('\n');
    expect(decodeProbeBundle(log, 'the probe on n1')).toEqual(bundle);
  });

  it('says a log cut short is cut, rather than reading half a trace', () => {
    const lines = encodeProbeBundle(bundle);
    expect(() => decodeProbeBundle(lines.slice(0, -2).join('\n'), 'the probe on n1')).toThrow(
      /the probe on n1 handed back no whole result/,
    );
    const altered = [...lines];
    altered[0] = altered[0]!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => decodeProbeBundle(altered.join('\n'), 'p')).toThrow(/cut short/);
    expect(() => decodeProbeBundle('', 'p')).toThrow(/cut short/);
  });

  it("holds the files of invoke's longest session, every invocation timed out (a container each), and no more", () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `functracer-x-${i}-run.json`, data: '' }));
    const longest = { ...bundle, files: files(4 * 1001) };
    expect(decodeProbeBundle(encodeProbeBundle(longest).join('\n'), 'p').files).toHaveLength(4004);
    const more = { ...bundle, files: files(4 * 1001 + 1) };
    expect(() => decodeProbeBundle(encodeProbeBundle(more).join('\n'), 'p')).toThrow(/cannot read/);
  });

  it('refuses a file name with a folder in it', () => {
    const bad = { ...bundle, files: [{ name: '../x.csv', data: '' }] };
    expect(() => decodeProbeBundle(encodeProbeBundle(bad).join('\n'), 'p')).toThrow(/cannot read/);
  });

  it('carries the job there and back, and refuses anything else', () => {
    const job = { plan: planOf({ image: 'functracer/sleep', args: ['1'], env: [], binds: [], networkMode: 'none' }), node: 'n1' };
    expect(decodeProbeJob(encodeProbeJob(job))).toEqual(job);
    expect(() => decodeProbeJob(Buffer.from('{"x":1}').toString('base64'))).toThrow(/holds no probe job/);
  });
});
