import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates the missing folders one level at a time, noting each in `made`.
 * Node 20's recursive mkdir never returns for a path under /proc, which
 * refuses each level with ENOENT.
 */
function makeFolders(dir: string, made: string[] = []): void {
  const missing: string[] = [];
  for (let at = dir; !fs.existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another functracer writing there too: as good as ours.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(folder).isDirectory()) continue;
      throw error;
    }
    made.push(folder);
  }
}

/**
 * `create` a file in its folder, making the folder first. Another functracer's
 * --out check removes the empty folders it made for the check, so a folder can
 * vanish between being made and the file created in it: then it is made again.
 */
export function inFolder<T>(file: string, create: () => T, made?: string[]): T {
  for (let attempt = 1; ; attempt++) {
    try {
      makeFolders(path.dirname(path.resolve(file)), made);
      return create();
    } catch (error) {
      if (!folderVanished(error, attempt)) throw error;
    }
  }
}

/** inFolder for a `create` that is asynchronous. */
export async function inFolderAsync<T>(file: string, create: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      makeFolders(path.dirname(path.resolve(file)));
      return await create();
    } catch (error) {
      if (!folderVanished(error, attempt)) throw error;
    }
  }
}

/** A folder that goes again and again is not another check's doing: then its error stands. */
const folderVanished = (error: unknown, attempt: number) => (error as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3;
