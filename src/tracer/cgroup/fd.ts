/**
 * Reading cgroup files through open descriptors, for the sampler worker: one
 * pread a value, into a shared buffer, parsed without allocating.
 */
import fs from 'node:fs';

const buffer = Buffer.alloc(64);
const RESET = Buffer.from('0');
/** Errors that mean the cgroup was removed, which is how the worker learns the container has gone. */
export const GONE = new Set(['ENOENT', 'ENODEV']);

/**
 * CPU time this thread has used, ms, so reports can show what sampling itself
 * costs. schedstat counts it in ns; stat only in 10 ms ticks, which a thread
 * that wakes for a few µs a thousand times a second is charged for unevenly.
 */
export function threadCpuMs(): number {
  try {
    const ns = Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ', 1)[0]);
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {
    // No schedstat (a kernel without CONFIG_SCHED_INFO): the tick count below still answers.
  }
  try {
    const fields = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Reads a small cgroup file as a number; "max" (v2 for no limit) is Infinity. */
export function readNumber(fd: number): number {
  const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
  if (buffer[0] === 0x6d) return Infinity; // "max"
  return parseDigits(0, length);
}

/** v2 cpu.stat starts "usage_usec N"; the number follows the first space. */
export function readCpuNs(fd: number, unit: 'ns' | 'usec'): number {
  const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
  if (unit === 'ns') return parseDigits(0, length);
  return parseDigits(buffer.indexOf(0x20) + 1, length) * 1000;
}

function parseDigits(from: number, length: number): number {
  let value = 0;
  for (let i = from; i < length; i++) {
    const digit = buffer[i]! - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

/** CPU time is a bonus: a host without the cpuacct hierarchy still gets its memory trace. */
export function openOptional(path: string): number | undefined {
  try {
    return fs.openSync(path, 'r');
  } catch {
    return undefined;
  }
}

/** Without write permission the peak file can still be read, just not reset. */
export function openPeak(path: string, reset: boolean): { fd: number; resettable: boolean } {
  if (reset) {
    try {
      return { fd: fs.openSync(path, 'r+'), resettable: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  return { fd: fs.openSync(path, 'r'), resettable: false };
}

export function tryReset(fd: number): boolean {
  try {
    fs.writeSync(fd, RESET, 0, 1, 0);
    return true;
  } catch (error) {
    if (GONE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    return false;
  }
}

/**
 * Watches for the container's init process to exec the function: until then
 * it is runc ("runc", then "runc:[2:INIT]"). Checked only until it happens.
 * runc re-executes itself through /proc/self/exe, and until its setup names
 * the process, the kernel calls it "exe": taking that for the function put the
 * trace's start a whole create-to-start gap (up to half a second here) early.
 * Podman's crun forks its init without a re-exec: it keeps crun's name.
 * runc 1.1.12+ executes a sealed copy of itself from a memfd: kernels from 6.x
 * name that process after the memfd ("memfd:runc_cloned:…", cut to 15
 * characters), older ones after its descriptor's number ("7"). Missing that
 * put the start of a Debian 13 guest's traces seconds early.
 */
export function isRuntimeComm(comm: string): boolean {
  const name = comm.trim();
  return name.startsWith('runc') || name === 'exe' || name === 'crun' || name.startsWith('memfd:runc') || /^\d+$/.test(name);
}

const EXEC_WATCH_GIVE_UP_MS = 10_000;

/**
 * Tells when a container's processes are all gone: its cgroup.procs reads
 * empty. The cgroup itself goes only when the engine tears the container
 * down, and an engine that died or froze never does, so an empty list is how
 * the sampler knows to stop instead of reading a dead container's cgroup for
 * minutes. The list is empty for a moment before the runtime's init joins
 * it, so it counts only once it has held a process, or after as long as the
 * exec watch waits.
 *
 * The file is opened for every look: on cgroup v1 a descriptor kept open
 * reads the list as it was when first read (the kernel keeps it while it is
 * read again within a second), so it would never turn empty.
 */
export class ProcessesWatch {
  private held = false;
  private firstCheckAt: number | undefined;

  constructor(
    private readonly procsPath: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Throws ENOENT or ENODEV (GONE) once the cgroup itself is gone. */
  allGone(): boolean {
    const fd = fs.openSync(this.procsPath, 'r');
    let length: number;
    try {
      // One byte says whether the list is empty.
      length = fs.readSync(fd, buffer, 0, 1, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (length > 0) {
      this.held = true;
      return false;
    }
    this.firstCheckAt ??= this.now();
    return this.held || this.now() - this.firstCheckAt > EXEC_WATCH_GIVE_UP_MS;
  }
}

export class ExecWatch {
  private seen = false;
  private sawRuntime = false;
  /** When the first check ran; the watch gives up GIVE_UP_MS after it. */
  private firstCheckAt: number | undefined;

  constructor(
    private readonly procsPath: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * runc takes well under a second to exec the function on a host; under full
   * emulation (test:vm's guests) it took more than two. Ten seconds covers both.
   */
  private gaveUp(): boolean {
    this.firstCheckAt ??= this.now();
    return this.now() - this.firstCheckAt > EXEC_WATCH_GIVE_UP_MS;
  }

  /** Only the runtime's init was ever seen: the function exec'd and was gone, its cgroup too, between two looks. */
  get sawOnlyRuntime(): boolean {
    return this.sawRuntime && !this.seen && !this.gaveUp();
  }

  /** The exec was seen, or the watch gave up; either way nothing more will be learnt. */
  get settled(): boolean {
    return this.seen || this.gaveUp();
  }

  /**
   * Once, on the first check that finds the function: `running`, or `over` when
   * it exec'd and exited between two checks; false on every other check.
   */
  check(): false | 'running' | 'over' {
    // Give up in the end: another runtime may name its init otherwise, and the start time stands in.
    if (this.seen || this.gaveUp()) return false;
    try {
      const pid = fs.readFileSync(this.procsPath, 'utf8').split('\n', 1)[0];
      // A function that is over at once can exec and exit between two reads: the runtime was there, now nothing is.
      if (!pid) return (this.seen = this.sawRuntime) && 'over';
      if (isRuntimeComm(fs.readFileSync(`/proc/${pid}/comm`, 'utf8'))) {
        this.sawRuntime = true;
        return false;
      }
      this.seen = true;
      return 'running';
    } catch {
      return false;
    }
  }
}
