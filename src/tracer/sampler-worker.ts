/**
 * Reads a container's memory cgroup files about once a millisecond. It runs in
 * a worker thread so that rendering or GC pauses on the main thread never
 * stretch the sampling interval.
 */
import fs from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SAMPLE_STRIDE } from '../core/trace.js';
import { STOP_SLOT, type CgroupSamplerConfig, type CgroupTarget, type SamplerMessage } from './sampler-protocol.js';

const config = workerData as CgroupSamplerConfig;
const control = new Int32Array(config.control);
const buffer = Buffer.alloc(64);
const RESET = Buffer.from('0');
/** Errors that mean the cgroup was removed, which is how the worker learns the container has gone. */
const GONE = new Set(['ENOENT', 'ENODEV', 'EBADF']);

const now = () => performance.timeOrigin + performance.now();
const post = (message: SamplerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
const stopping = () => Atomics.load(control, STOP_SLOT) !== 0;
const sleep = (ms: number) => {
  if (ms > 0) Atomics.wait(control, STOP_SLOT, 0, ms);
};

/** CPU time this thread has used, ms, so reports can show what sampling itself costs. */
function threadCpuMs(): number {
  try {
    const fields = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Reads a small cgroup file as a number; "max" (v2 for no limit) is Infinity. */
function readNumber(fd: number): number {
  const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
  if (buffer[0] === 0x6d) return Infinity; // "max"
  return parseDigits(0, length);
}

/** v2 cpu.stat starts "usage_usec N"; the number follows the first space. */
function readCpuNs(fd: number, unit: 'ns' | 'usec'): number {
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

/** The main thread names the cgroup once the container exists; the event loop is never free here, so poll the port. */
function waitForTarget(): CgroupTarget | undefined {
  while (!stopping()) {
    const received = receiveMessageOnPort(config.port);
    if (received) return received.message as CgroupTarget;
    sleep(0.5);
  }
  return undefined;
}

/** The cgroup appears when the container starts; wait for it without spinning. */
function openWhenPresent(path: string, flags: string): number | undefined {
  while (!stopping()) {
    try {
      return fs.openSync(path, flags);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      sleep(0.2);
    }
  }
  return undefined;
}

/** CPU time is a bonus: a host without the cpuacct hierarchy still gets its memory trace. */
function openOptional(path: string): number | undefined {
  try {
    return fs.openSync(path, 'r');
  } catch {
    return undefined;
  }
}

/** Without write permission the peak file can still be read, just not reset. */
function openPeak(path: string): number | undefined {
  try {
    return fs.openSync(path, config.resetPeak ? 'r+' : 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    return undefined;
  }
}

function tryReset(fd: number): boolean {
  try {
    fs.writeSync(fd, RESET, 0, 1, 0);
    return true;
  } catch (error) {
    if (GONE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    return false;
  }
}

function run(): void {
  const target = waitForTarget();
  const usageFd = target && openWhenPresent(target.usagePath, 'r');
  if (!target || usageFd === undefined) return post({ type: 'done', reason: 'stopped', ticks: 0, overruns: 0, windowed: false });
  const limitFd = fs.openSync(target.limitPath, 'r');
  const peakFd = target.peakPath ? openPeak(target.peakPath) : undefined;
  const cpuFd = target.cpuPath ? openOptional(target.cpuPath) : undefined;
  const cpuUnit = target.cpuUnit ?? 'ns';
  post({ type: 'attached', atMs: now() });
  const cpuAtAttach = threadCpuMs();
  const attachedAt = now();
  // The first read of the mark covers everything since the cgroup was made; resetting starts after it.
  let resetPeak = peakFd !== undefined && config.resetPeak;

  let batch = new Float64Array(SAMPLE_STRIDE * 256);
  let filled = 0;
  let lastPost = now();
  const flush = () => {
    if (filled === 0) return;
    const samples = batch.slice(0, filled);
    post({ type: 'batch', samples }, [samples.buffer]);
    filled = 0;
    lastPost = now();
  };
  const sampleOnce = (t: number) => {
    const usage = readNumber(usageFd);
    const mark = peakFd === undefined ? undefined : readNumber(peakFd);
    // Kernels before 6.12 refuse writes to v2 memory.peak; then the mark is whole-run and samples are instant usage.
    if (resetPeak) resetPeak = tryReset(peakFd!);
    if (filled + SAMPLE_STRIDE > batch.length) {
      flush();
      batch = new Float64Array(batch.length);
    }
    batch[filled++] = t;
    // A window's mark is the highest usage since the previous sample, so no spike falls between reads.
    batch[filled++] = resetPeak && mark !== undefined ? Math.max(mark, usage) : usage;
    batch[filled++] = readNumber(limitFd);
    batch[filled++] = cpuFd === undefined ? NaN : readCpuNs(cpuFd, cpuUnit);
  };

  let ticks = 0;
  let overruns = 0;
  let next = now();
  let reason: 'stopped' | 'gone' = 'stopped';
  while (!stopping()) {
    const t = now();
    try {
      sampleOnce(t);
    } catch (error) {
      if (!GONE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      reason = 'gone';
      break;
    }
    ticks += 1;
    if (t - lastPost >= config.batchMs) flush();
    next += config.intervalMs;
    const after = now();
    // After a stall, skip the missed ticks instead of sampling in a burst.
    if (after > next + config.intervalMs) {
      overruns += 1;
      next = after;
    }
    sleep(next - after);
  }
  flush();
  for (const fd of [usageFd, limitFd, peakFd, cpuFd]) if (fd !== undefined) fs.closeSync(fd);
  const cpuShare = (threadCpuMs() - cpuAtAttach) / (now() - attachedAt);
  post({ type: 'done', reason, ticks, overruns, windowed: resetPeak, ...(Number.isFinite(cpuShare) ? { cpuShare } : {}) });
}

try {
  run();
} catch (error) {
  const e = error as NodeJS.ErrnoException;
  post({ type: 'error', message: e.message, ...(e.code ? { code: e.code } : {}) });
}
