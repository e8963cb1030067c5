import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPricingSchedule, loadUhullSchedule } from '../../src/ops/uhull-file.js';

/** The original testbed's ref-data/example-uhull.json: its last step, 3.75 MB, is under Docker's 6 MB minimum limit. */
const SEED_EXAMPLE = path.resolve(import.meta.dirname, '../fixtures/hulls/example-uhull.json');

function write(json: object): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-uhull-')), 'example-uhull.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('uhull files', () => {
  it("prices the seed's example as it is, values under the engine's minimum included", () => {
    const schedule = loadPricingSchedule(SEED_EXAMPLE);
    expect(schedule).toHaveLength(23);
    expect(schedule.at(-1)).toEqual({ atMs: 2150, mb: 3.75390625 });
  });

  it('refuses the same file for autotuning a container, naming the key', () => {
    expect(() => loadUhullSchedule(SEED_EXAMPLE)).toThrow(
      `${SEED_EXAMPLE} asks for 3.75390625 MB at "2.2", below the engine's minimum limit of 6 MB`,
    );
  });

  it('still refuses what is not a hull when pricing', () => {
    expect(() => loadPricingSchedule(write({ '0.0': -1 }))).toThrow(/has -1 at "0\.0", which is not a memory size in MB/);
  });

  it('refuses a value no machine has, or a step days after the start, before an engine or a price sees it', () => {
    const huge = write({ '0.0': 64, '0.1': 1e300, '0.2': 0 });
    for (const load of [loadUhullSchedule, loadPricingSchedule]) {
      expect(() => load(huge)).toThrow(`${huge} asks for 1e+300 MB at "0.1", more than any machine has (1 PiB)`);
    }
    const late = write({ '0.0': 64, '90000.0': 0 });
    expect(() => loadUhullSchedule(late)).toThrow(`${late} has the key "90000.0", more than a day after the start`);
    expect(loadUhullSchedule(write({ '0.0': 1024 * 1024 * 1024, '86400.0': 0 })).at(-1)).toEqual({ atMs: 43_200_000, mb: 0 });
  });

  it('reads only a regular file of its own: a FIFO, a device or a planted link is one line, never a hang', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-uhull-'));
    const fifo = path.join(dir, 'fifo-uhull.json');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'link-uhull.json');
    fs.symlinkSync(write({ '0.0': 64, '0.1': 0 }), link);
    for (const load of [loadUhullSchedule, loadPricingSchedule]) {
      expect(() => load(fifo)).toThrow(`cannot read the upscaling hull ${fifo}: it is a named pipe (FIFO), not a regular file`);
      expect(() => load('/dev/zero')).toThrow('cannot read the upscaling hull /dev/zero: it is a device, not a regular file');
      expect(() => load(link)).toThrow(/it is a symbolic link \(functracer follows no link it did not make\)/);
      expect(() => load(path.join(dir, 'none.json'))).toThrow(/: no such file or folder \(ENOENT\)$/);
    }
  });
});
