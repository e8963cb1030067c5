import fs from 'node:fs';
import path from 'node:path';

/**
 * The first link on the way to `target` that another user may have planted: one
 * in a folder anyone may write to (such as /tmp), owned neither by the user
 * running functracer nor by that folder's owner. It is the kernel's
 * protected_symlinks rule, checked here because a host may have it off
 * (`fs.protected_symlinks=0`), and because it guards only the last step of an
 * open, not a folder further up that an output goes into.
 */
export function plantedLink(target: string, uid = process.getuid?.() ?? 0): { link: string; owner: number; folder: string } | undefined {
  let at = path.parse(path.resolve(target)).root;
  for (const part of path.resolve(target).split(path.sep).filter(Boolean)) {
    const next = path.join(at, part);
    const stats = lstatOrUndefined(next);
    if (!stats) return undefined;
    if (stats.isSymbolicLink()) {
      const folder = fs.statSync(at);
      if ((folder.mode & 0o002) !== 0 && stats.uid !== uid && stats.uid !== folder.uid) return { link: next, owner: stats.uid, folder: at };
      try {
        at = fs.realpathSync(next);
      } catch {
        // A dangling link: what it names is made, or refused, by the check that follows.
        return undefined;
      }
    } else {
      at = next;
    }
  }
  return undefined;
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}
