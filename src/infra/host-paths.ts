import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * How far a host path named in a file functracer did not write (a run record) may be trusted as a mount:
 * - `own`: a folder or file of the user running functracer that nobody else can change or swap;
 * - `foreign`: it exists but is not the user's own (another user's, or writable by others), or does not exist
 *   (the engine would make it, as root);
 * - `sensitive`: the host's own system, credentials or engine, never mounted from a record.
 */
export type HostPathTrust = { trust: 'own'; real: string } | { trust: 'foreign' | 'sensitive'; real: string; why: string };

/** The host's system: mounting any of these, anything inside them or anything that holds them gives the host away. */
const SYSTEM_TREES = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/run',
  '/var/run',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
];
/** Homes as a whole: a mount of one of these shows every user's files (or root's). */
const HOMES = ['/root', '/home'];
/** Folders of keys and tokens, wherever they are. */
const SECRET_NAMES = new Set(['.ssh', '.gnupg', '.docker', '.aws', '.kube']);

/** How far `hostPath` (absolute) may be mounted for a run a record asks for; links are resolved first, as the engine would. */
export function hostPathTrust(hostPath: string, uid = process.getuid?.() ?? 0): HostPathTrust {
  let real: string;
  try {
    real = realpathSync(hostPath);
  } catch {
    return { trust: 'foreign', real: hostPath, why: 'does not exist, so the engine would make it, as root' };
  }
  const sensitive = sensitiveWhy(real);
  if (sensitive) return { trust: 'sensitive', real, why: sensitive };
  const stats = lstatSync(real);
  if (stats.isSocket()) return { trust: 'sensitive', real, why: "is a socket, such as an engine's" };
  const chain = ancestors(real).map((folder) => [folder, lstatSync(folder)] as const);
  for (const [folder, folderStats] of chain) {
    if (folderStats.uid !== uid && folderStats.uid !== 0) return foreign(real, `lies in ${folder}, which is uid ${folderStats.uid}'s`);
    if (othersMayWrite(folderStats) && !(folderStats.mode & 0o1000)) return foreign(real, `lies in ${folder}, which others may change`);
  }
  if (stats.uid !== uid) return foreign(real, `belongs to uid ${stats.uid}, not to you`);
  if (othersMayWrite(stats)) return foreign(real, 'may be changed by other users');
  return { trust: 'own', real };
}

function foreign(real: string, why: string): HostPathTrust {
  return { trust: 'foreign', real, why };
}

function sensitiveWhy(real: string): string | undefined {
  if (real === '/') return "is the host's whole file system";
  const inOrAbove = (tree: string) => real === tree || real.startsWith(`${tree}/`) || tree.startsWith(`${real}/`);
  const system = SYSTEM_TREES.find(inOrAbove);
  if (system) return real === system || real.startsWith(`${system}/`) ? "is the host's system" : `holds ${system}, the host's system`;
  const home = HOMES.find((h) => real === h || h.startsWith(`${real}/`));
  if (home) return `holds ${home}, users' homes`;
  const secret = real.split('/').find((part) => SECRET_NAMES.has(part));
  if (secret) return `is in a ${secret} folder, where keys and tokens live`;
  return undefined;
}

/** `/a/b/c` → `/`, `/a`, `/a/b`. */
function ancestors(real: string): string[] {
  const list: string[] = [];
  for (let at = path.dirname(real); ; at = path.dirname(at)) {
    list.unshift(at);
    if (at === path.dirname(at)) return list;
  }
}

function othersMayWrite(stats: Stats): boolean {
  return (stats.mode & 0o022) !== 0;
}
