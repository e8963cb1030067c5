import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { jpegSize } from '../../src/core/jpeg-size.js';
import { refDataDir } from '../../src/infra/package-root.js';

function encoded(width: number, height: number): Buffer {
  return Buffer.from(jpeg.encode({ data: Buffer.alloc(width * height * 4, 128), width, height }, 50).data);
}

describe('jpegSize', () => {
  it('reads width and height from the frame header', () => {
    expect(jpegSize(encoded(37, 21))).toEqual({ width: 37, height: 21 });
  });

  it('needs only the start of the file', () => {
    const data = encoded(640, 480);
    expect(jpegSize(data.subarray(0, 1024))).toEqual({ width: 640, height: 480 });
  });

  it('skips fill bytes and segments before the frame, such as a large APP1', () => {
    const data = encoded(16, 8);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0x10, 0x02]), Buffer.alloc(0x1000)]);
    const withApp1 = Buffer.concat([data.subarray(0, 2), Buffer.from([0xff, 0xff]), app1, data.subarray(2)]);
    expect(jpegSize(withApp1)).toEqual({ width: 16, height: 8 });
  });

  it('says undefined for what is not a JPEG or stops before the frame header', () => {
    expect(jpegSize(Buffer.from('GIF89a'))).toBeUndefined();
    expect(jpegSize(Buffer.alloc(0))).toBeUndefined();
    expect(jpegSize(encoded(16, 8).subarray(0, 30))).toBeUndefined();
  });

  it('reads the bundled sample inputs', () => {
    const file = path.join(refDataDir(), 'sample-1mb.jpg');
    if (!fs.existsSync(file)) return;
    expect(jpegSize(fs.readFileSync(file))).toEqual({ width: 2112, height: 1584 });
  });
});
