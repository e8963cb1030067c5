import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small tmpfs of its own (tests run as root), so a test can fill a disk to
 * the byte without touching the host's. tmpfs hands out whole 4 KiB pages.
 */
export class SmallDisk {
  readonly dir: string;
  private readonly filler: string;

  constructor(bytes: number) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=755`, 'tmpfs', this.dir]);
    this.filler = path.join(this.dir, 'filler');
  }

  /** The bytes still free, as the file system counts them. */
  free(): number {
    const stats = fs.statfsSync(this.dir);
    return stats.bavail * stats.bsize;
  }

  /** Fills the disk so that exactly `bytes` (a multiple of 4 KiB) stay free. */
  leave(bytes: number): void {
    this.empty();
    const fill = this.free() - bytes;
    if (fill < 0) throw new Error(`the disk has only ${this.free()} bytes free, not ${bytes}`);
    fs.writeFileSync(this.filler, Buffer.alloc(fill));
    if (this.free() !== bytes) throw new Error(`meant to leave ${bytes} bytes free, left ${this.free()}`);
  }

  /** Removes the filler. */
  empty(): void {
    fs.rmSync(this.filler, { force: true });
  }

  unmount(): void {
    execFileSync('umount', [this.dir]);
    fs.rmdirSync(this.dir);
  }
}
