import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessesWatch } from '../../src/tracer/cgroup/fd.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("watching a cgroup's processes", () => {
  it('says they are gone once the list that held one is empty, not before it held any', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-procs-'));
    const file = path.join(dir, 'cgroup.procs');
    fs.writeFileSync(file, '');
    let now = 0;
    const watch = new ProcessesWatch(file, () => now);
    expect(watch.allGone()).toBe(false);
    fs.writeFileSync(file, '4242\n');
    expect(watch.allGone()).toBe(false);
    fs.writeFileSync(file, '');
    expect(watch.allGone()).toBe(true);
    // A list that never held a process counts as gone only after the exec watch would have given up.
    const never = new ProcessesWatch(file, () => now);
    expect(never.allGone()).toBe(false);
    now = 10_001;
    expect(never.allGone()).toBe(true);
    fs.rmSync(file);
    expect(() => watch.allGone()).toThrow(expect.objectContaining({ code: 'ENOENT' }) as Error);
  });
});
