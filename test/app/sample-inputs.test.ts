import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listJpegs } from '../../src/app/file-service.js';
import { sampleJpeg } from '../../src/core/sample-jpeg.js';

describe('the sample inputs listed on the home screen', () => {
  it('lists regular pictures only: a pipe or a link named like one neither hangs the list nor is followed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-inputs-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-inputs-outside-'));
    const picture = sampleJpeg({ fileName: 'small.jpg', width: 64, height: 48, seed: 1 });
    fs.writeFileSync(path.join(dir, 'real.jpg'), picture);
    fs.writeFileSync(path.join(outside, 'secret.jpg'), picture);
    execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(dir, 'link.jpg'));
    fs.mkdirSync(path.join(dir, 'folder.jpg'));
    // Nobody ever writes to the pipe: opening it for reading the usual way would wait for ever.
    const listed = await listJpegs(dir);
    expect(listed.map((file) => file.name)).toEqual(['real.jpg']);
    expect(listed[0]!.size).toEqual({ width: 64, height: 48 });
  });
});
