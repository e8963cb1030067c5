/**
 * Reads a container's memory cgroup files about once a millisecond. It runs in
 * a worker thread so that rendering or GC pauses on the main thread never
 * stretch the sampling interval.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SAMPLE_STRIDE } from '../../core/trace.js';
import { ExecWatch, GONE, openOptional, openPeak, ProcessesWatch, readCpuNs, readNumber, threadCpuMs, tryReset } from './fd.js';
import {
  CUT_SLOT,
  FOLD_RING,
  LIMIT_SLOT,
  STOP_SLOT,
  type CgroupSamplerConfig,
  type CgroupTarget,
  type SamplerMessage,
} from './protocol.js';

const config = workerData as CgroupSamplerConfig;
/** Ahead of ordinary processes, well short of the real-time range. */
const SAMPLER_NICE = -10;
const control = new Int32Array(config.control);
const folds = new Float64Array(config.folds);
/**
 * What changes seldom is read every so many samples: the limit (and at once
 * when the autotuner says it changed it), and the parent's mark reset, which
 * only shapes the closing sample. At 1 kHz each read is a few µs of a budget of
 * 30; the container's own mark, which carries the samples, is read every time.
 */
const SELDOM_EVERY = 16;
/** Ticks between looks at whether the container's processes are all gone: the end is known to within about 8 ms. */
const PROCS_EVERY = 8;

const now = () => performance.timeOrigin + performance.now();
const post = (message: SamplerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
const stopping = () => Atomics.load(control, STOP_SLOT) !== 0;
const sleep = (ms: number) => {
  if (ms > 0) Atomics.wait(control, STOP_SLOT, 0, ms);
};

/**
 * A busy host (a test suite, other traces) can keep this thread off the CPU for
 * the whole life of a function that is over in milliseconds. Where allowed
 * (root, or CAP_SYS_NICE), this thread alone runs ahead of ordinary processes;
 * elsewhere it keeps the default.
 */
function raisePriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, SAMPLER_NICE);
  } catch {
    // Not permitted, or no /proc: the default priority still samples a quiet host at 1 kHz.
  }
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

/** Descriptors are the process's, not the thread's: every one opened here is closed here, whatever happens. */
const opened: number[] = [];
const track = <T extends number | undefined>(fd: T): T => {
  if (fd !== undefined) opened.push(fd);
  return fd;
};

function run(): void {
  const target = waitForTarget();
  const usageFd = target && track(openWhenPresent(target.usagePath, 'r'));
  if (!target || usageFd === undefined) return post({ type: 'done', reason: 'stopped', ticks: 0, overruns: 0, windowed: false });
  const limitFd = track(fs.openSync(target.limitPath, 'r'));
  const peak = target.peakPath ? openPeak(target.peakPath, config.resetPeak) : undefined;
  const peakFd = track(peak?.fd);
  const parentPeak = target.parentPeakPath ? openParentPeak(target.parentPeakPath) : undefined;
  const parentPeakFd = track(parentPeak?.fd);
  // runc makes each hierarchy's folder in its own order, so the cpu counter may appear a little after the memory one.
  let cpuFd = target.cpuPath ? track(openOptional(target.cpuPath)) : undefined;
  const cpuUnit = target.cpuUnit ?? 'ns';
  post({ type: 'attached', atMs: now() });
  const cpuAtAttach = threadCpuMs();
  const attachedAt = now();
  // The first read of the mark covers everything since the cgroup was made; resetting starts after it.
  let resetPeak = peak?.resettable ?? false;
  let resetParent = parentPeak?.resettable ?? false;
  let lastLimit = NaN;
  let lastCpu = NaN;
  let limitVersion = -1;
  let tick = 0;
  let highSoFar = 0;
  /** The function's own highest mark, where marks only rise: the runtime's setup before the exec is not in it. */
  let risenHigh: number | undefined;
  /** The highest mark when the exec was seen: a rising mark that ends no higher is still the runtime's setup. */
  let execHigh: number | undefined;
  /** Ticks left whose mark is the runtime's, not the function's. */
  let marklessTicks = 0;
  /** The exec tick's reading, kept only for a function gone before the next tick: then it is all there is. */
  let execSample: number[] | undefined;
  /** The function exec'd and exited between two reads: its peak was in a window the runtime's start shared. */
  let overBetweenReads = false;

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
  const append = (t: number, bytes: number, limit: number, cpu: number) => {
    if (filled + SAMPLE_STRIDE > batch.length) {
      flush();
      batch = new Float64Array(batch.length);
    }
    batch[filled++] = t;
    batch[filled++] = bytes;
    batch[filled++] = limit;
    batch[filled++] = cpu;
  };
  const release = (samples: number[]) => {
    for (let i = 0; i + SAMPLE_STRIDE <= samples.length; i += SAMPLE_STRIDE)
      append(samples[i]!, samples[i + 1]!, samples[i + 2]!, samples[i + 3]!);
    samples.length = 0;
  };
  // Until the runtime's init process has exec'd the function, what the cgroup holds is the runtime's own setup.
  const exec = target.procsPath ? new ExecWatch(target.procsPath) : undefined;
  const processes = target.procsPath ? new ProcessesWatch(target.procsPath) : undefined;
  const held: number[] = [];
  /** Takes one reading at `t`; the sample holds `fold` too (a mark read at a boundary since), and the reading's own bytes are returned. */
  const sampleOnce = (t: number, fold = 0): number => {
    const execed = exec?.check() ?? false;
    const justExeced = execed !== false;
    if (justExeced) post({ type: 'exec', atMs: t });
    // The window that holds the exec also holds the runtime's setup. runc's copy of itself stays charged until the
    // exec returns, a moment after the function has its name: that tick's reading and the next window's mark are
    // the runtime's too (seen under emulation, 7 MB for a function of 0.4), so the next tick's instant usage comes first.
    if (justExeced) marklessTicks = execed === 'running' ? 2 : 1;
    if (execed === 'over') overBetweenReads = true;
    const seldom = tick++ % SELDOM_EVERY === 0;
    const raw = peakFd === undefined ? undefined : readNumber(peakFd);
    const runtimesTick = marklessTicks > 0;
    const mark = runtimesTick ? undefined : raw;
    if (runtimesTick) marklessTicks -= 1;
    // A window's mark already covers the usage at its end, so the usage is read only where there is no such mark.
    const usage = resetPeak && mark !== undefined ? mark : readNumber(usageFd);
    // Kernels before 6.12 (and readers without write access) cannot reset the mark: it is the run's high so far.
    if (resetPeak) resetPeak = tryReset(peakFd!);
    // Where it only grows, a rise means this window held the new high, to the byte; other windows give the instant usage.
    const risen = !resetPeak && mark !== undefined && mark > highSoFar ? mark : undefined;
    if (raw !== undefined && raw > highSoFar) highSoFar = raw;
    if (justExeced) execHigh = highSoFar;
    if (risen !== undefined) risenHigh = risen;
    // The parent's window then starts at most SELDOM_EVERY samples back, so after exit it still holds what the last read missed;
    // it starts again on the runtime's ticks too, so that after them it holds none of the runtime's start (runc's init, 4 MB).
    if (resetParent && (seldom || runtimesTick)) resetParent = tryResetParent(parentPeakFd!);
    const version = Atomics.load(control, LIMIT_SLOT);
    if (seldom || version !== limitVersion) {
      lastLimit = readNumber(limitFd);
      limitVersion = version;
    }
    const limit = lastLimit;
    if (cpuFd === undefined && target.cpuPath) cpuFd = track(openOptional(target.cpuPath));
    const cpu = cpuFd === undefined ? NaN : readCpuNs(cpuFd, cpuUnit);
    // A window's mark is the highest usage since the previous sample, so no spike falls between reads.
    const own = resetPeak && mark !== undefined ? Math.max(mark, usage) : Math.max(risen ?? 0, usage);
    const bytes = Math.max(own, fold);
    if (justExeced) held.length = 0;
    if (execed === 'running') {
      execSample = [t, bytes, limit, cpu];
      lastCpu = cpu;
      return own;
    }
    execSample = undefined;
    // Samples from before the exec are runc's, even those Docker stamps after its StartedAt: held until the watch knows.
    if (exec && !exec.settled) held.push(t, bytes, limit, cpu);
    else {
      release(held);
      append(t, bytes, limit, cpu);
    }
    lastCpu = cpu;
    return own;
  };
  /** The highest mark the main thread read at the boundaries after `from` up to `to`, or undefined where it read none. */
  const foldedSince = (from: number, to: number): number | undefined => {
    let fold: number | undefined;
    for (let seq = Math.max(from + 1, to - FOLD_RING + 1); seq <= to; seq++) {
      const value = folds[seq % FOLD_RING]!;
      if (!Number.isNaN(value)) fold = Math.max(fold ?? 0, value);
    }
    return fold;
  };

  let ticks = 0;
  let overruns = 0;
  let next = now();
  let reason: 'stopped' | 'gone' | 'empty' = 'stopped';
  // Boundaries asked for before the loop began (none, in practice) are served by its first reading.
  let lastCut = 0;
  // Waits on CUT_SLOT, not STOP_SLOT: a boundary asked for since the last look returns at once, with no race (stop notifies both).
  const sleepUnlessCut = (ms: number) => {
    if (ms > 0) Atomics.wait(control, CUT_SLOT, lastCut, ms);
  };
  while (!stopping()) {
    const t = now();
    const cutSeq = Atomics.load(control, CUT_SLOT);
    const cutting = cutSeq !== lastCut;
    // The marks the main thread read and reset at those boundaries: this sample holds them, so the trace misses no moment.
    const fold = cutting ? foldedSince(lastCut, cutSeq) : undefined;
    let own = 0;
    try {
      own = sampleOnce(t, fold);
      // The sample just taken is the function's last moments (or just after); the recorder cuts at the engine's finish.
      // Not before the exec watch has settled: its next look at the empty list tells the runtime's samples from the function's.
      if (!cutting && ticks % PROCS_EVERY === 0 && (exec?.settled ?? true) && processes?.allGone()) {
        reason = 'empty';
        ticks += 1;
        break;
      }
    } catch (error) {
      if (!GONE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      reason = 'gone';
      break;
    }
    ticks += 1;
    if (cutting) {
      // The boundary's time goes out at once; its reading goes with the batch, and readings are told apart by time.
      // A batch posted here too would cost the function's own invocation: the main thread is serving it meanwhile.
      lastCut = cutSeq;
      post({ type: 'cut', seq: cutSeq, atMs: t, ...(fold !== undefined ? { ownBytes: own } : {}) });
      // An extra reading: the regular ticks keep their schedule.
      sleepUnlessCut(next - now());
      continue;
    }
    if (t - lastPost >= config.batchMs) flush();
    next += config.intervalMs;
    const after = now();
    // After a stall, skip the missed ticks instead of sampling in a burst.
    if (after > next + config.intervalMs) {
      overruns += 1;
      next = after;
    }
    sleepUnlessCut(next - after);
  }
  // A function over within a tick of its exec has no reading of its own: the window that held it held the runtime's
  // memory at the exec too (over between two reads, or gone before the read after the exec, or never seen at all).
  const overAtExec = execSample !== undefined || overBetweenReads || marklessTicks > 0 || (exec?.sawOnlyRuntime ?? false);
  // A watch that never settled (the run ended first) has learnt nothing: the samples stand, and the start time sorts them.
  release(held);
  if (execSample) release(execSample);
  flush();
  const cpuShare = (threadCpuMs() - cpuAtAttach) / (now() - attachedAt);
  // Samples are window marks only when the container's own mark could be reset; the parent's only closes the last window.
  const windowed = resetPeak;
  // Whatever happened after the last read: the container's own mark if its cgroup is still there, else its parent's.
  // Boundaries the loop never saw: their marks belong to the last window too.
  const unseenFold = foldedSince(lastCut, Atomics.load(control, CUT_SLOT)) ?? 0;
  const lastWindow = readMarkIfThere(resetPeak ? peakFd : undefined) ?? readMarkIfThere(resetParent ? parentPeakFd : undefined);
  const closingMark = lastWindow === undefined ? undefined : Math.max(lastWindow, unseenFold);
  // A mark that only rises holds the runtime's setup as well, unless the function went higher after its exec.
  const lastMark = windowed ? undefined : (readMarkIfThere(peakFd) ?? readMarkIfThere(parentPeakFd));
  const wholeRunPeak = lastMark !== undefined && (execHigh === undefined || lastMark > execHigh) ? lastMark : risenHigh;
  post({
    type: 'done',
    reason,
    ticks,
    overruns,
    windowed,
    marks: resetPeak ? 'reset' : peakFd !== undefined ? 'rising' : 'none',
    ...(Number.isFinite(cpuShare) ? { cpuShare } : {}),
    ...(closingMark !== undefined && ticks > 0 ? { closing: [now(), closingMark, lastLimit, lastCpu] } : {}),
    ...(wholeRunPeak !== undefined ? { wholeRunPeak } : {}),
    ...(overAtExec ? { overAtExec } : {}),
  });
}

/** The run parent is ours, but a reader without write access still gets the container's own windows. */
function openParentPeak(path: string): { fd: number; resettable: boolean } | undefined {
  try {
    return openPeak(path, config.resetPeak);
  } catch {
    return undefined;
  }
}

/** A parent that cannot be reset any more only loses the closing window, never the run. */
function tryResetParent(fd: number): boolean {
  try {
    return tryReset(fd);
  } catch {
    return false;
  }
}

function readMarkIfThere(fd: number | undefined): number | undefined {
  if (fd === undefined) return undefined;
  try {
    return readNumber(fd);
  } catch {
    return undefined;
  }
}

raisePriority();
post({ type: 'ready' });
try {
  run();
} catch (error) {
  const e = error as NodeJS.ErrnoException;
  // A container that exits within microseconds can take its cgroup away while the files are being opened.
  if (GONE.has(e.code ?? '')) post({ type: 'done', reason: 'gone', ticks: 0, overruns: 0, windowed: false });
  else post({ type: 'error', message: e.message, ...(e.code ? { code: e.code } : {}) });
} finally {
  for (const fd of opened) fs.closeSync(fd);
}
