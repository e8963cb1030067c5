import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ExecWatch, isRuntimeComm, openPeak, readCpuNs, readNumber, tryReset } from '../../src/tracer/cgroup/fd.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-fd-'));
function fdWith(name: string, text: string, flags = 'r'): number {
  fs.writeFileSync(path.join(dir, name), text);
  return fs.openSync(path.join(dir, name), flags);
}

describe('cgroup file readers', () => {
  it('reads v1 and v2 numbers, and "max" as no limit', () => {
    expect(readNumber(fdWith('usage', '135118848\n'))).toBe(135118848);
    expect(readNumber(fdWith('max', 'max\n'))).toBe(Infinity);
    expect(readNumber(fdWith('v1-unlimited', '9223372036854771712\n'))).toBeGreaterThan(2 ** 62);
  });

  it('reads CPU time from cpuacct.usage (ns) and from cpu.stat (usec)', () => {
    expect(readCpuNs(fdWith('cpuacct.usage', '74577904\n'), 'ns')).toBe(74577904);
    expect(readCpuNs(fdWith('cpu.stat', 'usage_usec 74577\nuser_usec 60000\nsystem_usec 14577\n'), 'usec')).toBe(74577000);
  });

  it('rereads the same descriptor from the start each time', () => {
    const fd = fdWith('changing', '100\n');
    expect(readNumber(fd)).toBe(100);
    fs.writeFileSync(path.join(dir, 'changing'), '2500\n');
    expect(readNumber(fd)).toBe(2500);
  });

  it('opens the peak file for resetting where it may, and reports a reset the kernel refuses', () => {
    const file = path.join(dir, 'peak');
    fs.writeFileSync(file, '42\n');
    const writable = openPeak(file, true);
    expect(writable.resettable).toBe(true);
    expect(tryReset(writable.fd)).toBe(true);
    fs.writeFileSync(file, '42\n');
    const readOnly = openPeak(file, false);
    expect(readOnly.resettable).toBe(false);
    expect(readNumber(readOnly.fd)).toBe(42);
    // Kernels before 6.12 refuse writes to memory.peak; /proc/version stands in for such a file here.
    expect(tryReset(fs.openSync('/proc/version', 'r'))).toBe(false);
  });
});

describe('isRuntimeComm', () => {
  it('takes the names runc goes by, the "exe" of its re-exec, and crun for the runtime; anything else is the function', () => {
    for (const comm of ['runc\n', 'runc:[0:PARENT]\n', 'runc:[2:INIT]\n', 'exe\n', 'crun\n', 'memfd:runc_clon\n', '7\n'])
      expect(isRuntimeComm(comm)).toBe(true);
    for (const comm of ['memshape\n', 'sh\n', 'convert\n', 'executor\n', 'memfd:other\n', 'x7\n']) expect(isRuntimeComm(comm)).toBe(false);
  });
});

describe('ExecWatch', () => {
  const procs = (pids: (number | undefined)[]) => {
    const file = path.join(dir, `procs-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, pids.filter((p) => p !== undefined).join('\n'));
    return file;
  };

  /** A watch on a cgroup held by a real process the kernel calls "exe", as it calls runc's re-exec until runc names it. */
  async function whileRuntimeRuns(then: (watch: ExecWatch, file: string) => void, now?: () => number): Promise<void> {
    const exe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-exe-')), 'exe');
    fs.copyFileSync('/bin/sleep', exe);
    fs.chmodSync(exe, 0o755);
    const runtime = spawn(exe, ['30'], { stdio: 'ignore' });
    await new Promise((resolve) => runtime.once('spawn', resolve));
    try {
      const file = procs([runtime.pid]);
      const watch = new ExecWatch(file, now);
      expect(watch.check()).toBe(false);
      then(watch, file);
    } finally {
      runtime.kill();
    }
  }

  it('waits while the runtime holds the cgroup, then sees the function', async () => {
    await whileRuntimeRuns((watch, file) => {
      fs.writeFileSync(file, String(process.pid));
      expect(watch.check()).toBe('running');
      expect(watch.check()).toBe(false);
    });
  });

  it('keeps waiting through a slow runtime setup (seconds under emulation), and gives up after ten', async () => {
    let clock = 0;
    await whileRuntimeRuns(
      (watch) => {
        clock = 9_000;
        expect([watch.check(), watch.settled]).toEqual([false, false]);
        clock = 10_001;
        expect([watch.check(), watch.settled]).toEqual([false, true]);
      },
      () => clock,
    );
  });

  it("counts a function that exec'd and exited between two reads, but not an empty cgroup alone", async () => {
    await whileRuntimeRuns((watch, file) => {
      fs.writeFileSync(file, '');
      expect(watch.check()).toBe('over');
    });
    expect(new ExecWatch(procs([])).check()).toBe(false);
  });

  it('knows when it saw only the runtime: the function and its cgroup were gone between two looks', async () => {
    let clock = 0;
    await whileRuntimeRuns(
      (watch, file) => {
        expect(watch.sawOnlyRuntime).toBe(true);
        fs.rmSync(file);
        expect([watch.check(), watch.settled, watch.sawOnlyRuntime]).toEqual([false, false, true]);
        // Past the watch's patience the runtime may be one that names its init otherwise: nothing is known then.
        clock = 10_001;
        expect(watch.sawOnlyRuntime).toBe(false);
      },
      () => clock,
    );
    await whileRuntimeRuns((watch, file) => {
      fs.writeFileSync(file, String(process.pid));
      expect(watch.check()).toBe('running');
      expect(watch.sawOnlyRuntime).toBe(false);
    });
  });
});
