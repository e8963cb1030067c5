import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';

type HeaderArgument = Parameters<tar.Pack['entry']>[0];

type Entry =
  | { type: 'directory'; mode: number }
  | { type: 'file'; mode: number; size: number; source: string }
  | { type: 'data'; mode: number; data: Buffer }
  | { type: 'symlink'; target: string };

/**
 * Same bytes for the same plan: fixed owner and time, sorted paths. The engine then
 * keys identical root filesystems to one stored layer, so images of one kind share it.
 */
const MTIME = new Date(Date.UTC(2020, 0, 1));

/**
 * A root filesystem to be, as a map from path in the image to where its bytes come from.
 * Nothing is read until stream() is consumed, so a 100 MB image never sits in memory.
 */
export class RootfsPlan {
  private readonly entries = new Map<string, Entry>();

  /** Copies a host file's contents; a symlink is followed, so the image gets the real bytes. */
  async addHostFile(path: string, source: string, mode?: number): Promise<void> {
    const info = await stat(source);
    this.set(path, { type: 'file', mode: mode ?? info.mode & 0o777, size: info.size, source });
  }

  addData(path: string, data: string | Buffer, mode = 0o644): void {
    this.set(path, { type: 'data', mode, data: Buffer.from(data) });
  }

  addSymlink(path: string, target: string): void {
    this.set(path, { type: 'symlink', target });
  }

  addDirectory(path: string, mode = 0o755): void {
    this.set(path, { type: 'directory', mode });
  }

  has(path: string): boolean {
    return this.entries.has(normalise(path));
  }

  /** Bytes of file contents, for progress and for telling the user what an image weighs. */
  get contentBytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.type === 'file' ? e.size : e.type === 'data' ? e.data.length : 0;
    return total;
  }

  /** The tar, produced as it is read. onBytes gets the running total of tar bytes handed out. */
  stream(onBytes?: (total: number) => void): Readable {
    const pack = tar.pack();
    this.writeEntries(pack).then(
      () => pack.finalize(),
      (error: Error) => pack.destroy(error),
    );
    async function* chunks(): AsyncGenerator<Buffer> {
      let total = 0;
      for await (const chunk of pack as AsyncIterable<Buffer>) {
        total += chunk.length;
        onBytes?.(total);
        yield chunk;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  private set(path: string, entry: Entry): void {
    const name = normalise(path);
    // Parents first, so the tar never holds a file whose directory the engine must invent.
    for (let dir = posix.dirname(name); dir !== '.' && dir !== '/'; dir = posix.dirname(dir)) {
      if (!this.entries.has(dir)) this.entries.set(dir, { type: 'directory', mode: 0o755 });
    }
    this.entries.set(name, entry);
  }

  private async writeEntries(pack: tar.Pack): Promise<void> {
    for (const name of [...this.entries.keys()].sort()) {
      const entry = this.entries.get(name) as Entry;
      const header = { name, mtime: MTIME, uid: 0, gid: 0, uname: 'root', gname: 'root' };
      if (entry.type === 'directory') await add(pack, { ...header, type: 'directory', mode: entry.mode });
      else if (entry.type === 'symlink') await add(pack, { ...header, type: 'symlink', linkname: entry.target, mode: 0o777 });
      else if (entry.type === 'data') await add(pack, { ...header, type: 'file', mode: entry.mode, size: entry.data.length }, entry.data);
      else await copyFile(pack, { ...header, type: 'file', mode: entry.mode, size: entry.size }, entry.source);
    }
  }
}

function normalise(path: string): string {
  return posix.normalize(path).replace(/^\/+/, '').replace(/\/+$/, '');
}

function add(pack: tar.Pack, header: HeaderArgument, data?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error | null): void => (error ? reject(error) : resolve());
    if (data === undefined) pack.entry(header, settle);
    else pack.entry(header, data, settle);
  });
}

/**
 * Streams a host file into its tar entry. The pack is destroyed when the upload is cancelled (a quit during a build),
 * and its entry then fails with 'tar entry destroyed': that ends this copy with the error, never as an unhandled one.
 */
async function copyFile(pack: tar.Pack, header: HeaderArgument, source: string): Promise<void> {
  let failure: Error | undefined;
  let settle: (error?: Error | null) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // Awaited below; a failure that comes while the copy waits for room is not an unhandled one meanwhile.
  done.catch(() => undefined);
  const sink = pack.entry(header, (error) => {
    if (error) failure ??= error;
    settle(error);
  });
  sink.on('error', (error: Error) => (failure ??= error));
  const file = createReadStream(source);
  try {
    for await (const chunk of file) {
      if (failure) break;
      if (!sink.write(chunk)) await writable(sink);
    }
  } finally {
    file.destroy();
  }
  if (failure) throw failure;
  sink.end(undefined);
  await done;
}

/** Room in the entry again, or the entry gone: a destroyed entry never drains. */
function writable(sink: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      sink.off('drain', go);
      sink.off('close', go);
      resolve();
    };
    sink.on('drain', go);
    sink.on('close', go);
  });
}
