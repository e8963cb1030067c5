import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PASSWD = '/etc/passwd';
/** Far above any real user database; a bigger file is not one to read. */
const PASSWD_MAX_BYTES = 16 * 1024 * 1024;

/** The home folder `~` stands for, as a shell expands it: $HOME, else the account's own. */
export function ownHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || os.userInfo().homedir;
}

/**
 * The home folder of another account, as a shell expands `~user`, from the local user database, or undefined when
 * it names no user there. Read as a file planted by someone else would be: no link followed, nothing but a
 * regular file owned by root, and no more than a user database holds.
 */
export function homeOf(user: string, file = PASSWD): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.uid !== 0 || stat.size > PASSWD_MAX_BYTES) return undefined;
    const text = fs.readFileSync(fd, 'utf8');
    for (const line of text.split('\n')) {
      const fields = line.split(':');
      if (fields.length >= 7 && fields[0] === user && path.isAbsolute(fields[5]!)) return fields[5];
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
