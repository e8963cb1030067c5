import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { openTraceFile } from '../../src/app/file-service.js';
import { waitForFrame } from './support/keys.js';
import { renderTrace } from './support/trace.js';

afterEach(() => cleanup());

describe('a trace the original testbed wrote, on the trace screen', () => {
  it('reports what reading it assumed, one Note each, in 80 columns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-notes-'));
    const csv = path.join(dir, 'autostats4242-rawresults.csv');
    fs.writeFileSync(csv, '14:23:11.000,0\n14:23:11.400,52428800\n14:23:12.000,\n14:23:15.100,1048576\n00:00:00.000,0\n');
    const { source } = await openTraceFile(csv);
    const ui = renderTrace(source, { height: 40, exits: { back: () => {} } });
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Max memory usage'));
    const text = frame.replace(/\s+/g, ' ');
    expect(text).toContain("Note line 3 has no memory reading and was left out, as rows the original's tracer writes");
    expect(text).toContain("Note line 5 finishes at 00:00:00.000, as the original's tracer writes when it lost the container");
    expect(text).toContain('Duration 4,100 ms');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
