import { describe, expect, it } from 'vitest';
import {
  hostLoadNote,
  judgeHostLoad,
  parseCpuTimes,
  parseLoadAverage,
  samplingFellShort,
  type HostReading,
} from '../../src/core/host-load.js';

/** /proc/stat of a two-CPU host: user nice system idle iowait irq softirq steal guest guest_nice. */
const stat = (user: number, idle: number, steal = 0) =>
  `cpu  ${user} 0 0 ${idle} 0 0 0 ${steal} 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0 0 0\nintr 1 2 3\n`;

const reading = (atMs: number, user: number, idle: number, load1: number | null, steal = 0, selfCpuMs = 0): HostReading => ({
  atMs,
  cpu: parseCpuTimes(stat(user, idle, steal)),
  load1,
  selfCpuMs,
});

describe('reading /proc', () => {
  it('parses the host line of /proc/stat, counting its CPUs, and the 1-minute load average', () => {
    expect(parseCpuTimes(stat(100, 300, 5))).toEqual({ cpus: 2, total: 405, idle: 300, steal: 5 });
    expect(parseCpuTimes('nonsense')).toBeNull();
    expect(parseLoadAverage('1.52 0.98 0.40 2/301 12345\n')).toBe(1.52);
    expect(parseLoadAverage('')).toBeNull();
  });
});

describe('judgeHostLoad', () => {
  // 10 s on two CPUs at 100 ticks a second: 2,000 ticks in all.
  it("counts a host quiet when only the runs' own CPU kept it busy", () => {
    // 1,000 busy ticks (half the host), of which the runs took 9.5 s of CPU and functracer 0.3 s.
    const load = judgeHostLoad(reading(0, 0, 0, 0.4), reading(10_000, 1000, 1000, 1.3, 0, 300), [{ cpuMs: 9500, slowSampling: false }]);
    expect(load.busy).toBe(false);
    expect(load.otherCpus).toBeCloseTo(0.02, 6);
    expect(load.reasons).toEqual([]);
    expect(hostLoadNote(load, 'these runs')).toBeUndefined();
  });

  it('names each reason a host was busy: other work, a load average at its CPUs, steal, a sampler behind', () => {
    // Two busy loops beside a run of 1.5 s of CPU: 1,950 of 2,000 ticks busy, 150 of them stolen.
    const load = judgeHostLoad(reading(0, 0, 0, 2.6), reading(10_000, 1800, 50, 3.1, 150), [
      { cpuMs: 1500, slowSampling: true },
      { cpuMs: null, slowSampling: false },
    ]);
    expect(load.busy).toBe(true);
    expect(load.otherCpus).toBeCloseTo(1.8, 6);
    expect(load.stealPct).toBeCloseTo(7.5, 6);
    expect(load.reasons).toEqual([
      'other work used 1.8 of its 2 CPUs',
      'its load average was 2.6 on 2 CPUs',
      'the hypervisor took 7.5 % of its CPU time',
      "1 run's sampler fell behind",
    ]);
    expect(hostLoadNote(load, 'these runs')).toMatch(/^The host was busy while these runs ran \(other work used 1\.8 of its 2 CPUs; /);
  });

  it('says nothing it could not read', () => {
    const blind = { atMs: 0, cpu: null, load1: null, selfCpuMs: 0 };
    const load = judgeHostLoad(blind, { ...blind, atMs: 5000 }, [{ cpuMs: 10, slowSampling: false }]);
    expect(load).toMatchObject({ otherCpus: null, stealPct: null, loadBefore: null, busy: false });
  });
});

describe('samplingFellShort', () => {
  it('is under half the samples promised, once 20 or more are', () => {
    expect(samplingFellShort({ samples: 499, samplesExpected: 1000 })).toBe(true);
    expect(samplingFellShort({ samples: 500, samplesExpected: 1000 })).toBe(false);
    expect(samplingFellShort({ samples: 1, samplesExpected: 19 })).toBe(false);
    expect(samplingFellShort({ samples: 9, samplesExpected: 20 })).toBe(true);
    expect(samplingFellShort({ samples: 0, samplesExpected: null })).toBe(false);
  });
});
