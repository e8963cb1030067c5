import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeOf } from '../../src/infra/user-home.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nada:x:1000:1000:Ada,,,:/home/ada:/bin/sh\nodd:x:1001:1001::relative/home:/bin/sh\n';

function folder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-passwd-'));
}

describe('home folders of other users', () => {
  it('reads a user database as a shell expands ~user', () => {
    const file = path.join(folder(), 'passwd');
    fs.writeFileSync(file, PASSWD);
    expect(homeOf('ada', file)).toBe('/home/ada');
    expect(homeOf('root', file)).toBe('/root');
    expect(homeOf('nobody-here', file)).toBeUndefined();
    // A home that is not absolute is no folder to mount.
    expect(homeOf('odd', file)).toBeUndefined();
    expect(homeOf('root')).toBe('/root');
  });

  it('reads nothing planted in its place: a link, a device, a file another user owns', () => {
    const dir = folder();
    const real = path.join(dir, 'real');
    fs.writeFileSync(real, PASSWD);
    const link = path.join(dir, 'link');
    fs.symlinkSync(real, link);
    expect(homeOf('ada', link)).toBeUndefined();
    // /dev/zero would be read for ever; it is refused at once, as a FIFO would be.
    expect(homeOf('ada', '/dev/zero')).toBeUndefined();
    // The suite runs as root, as functracer does: a database another user owns is not root's to believe.
    fs.chownSync(real, 1000, 1000);
    expect(homeOf('ada', real)).toBeUndefined();
  });
});
