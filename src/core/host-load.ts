/**
 * Whether the host was busy with other work while runs were measured: a duration measured beside other work
 * can be longer, and more spread, than the same run on a quiet host, whatever CPU quota the container had.
 */

/** What the host's kernel and clock said at one moment; parsed from /proc by `parseCpuTimes` and `parseLoadAverage`. */
export interface HostReading {
  atMs: number;
  /** The host's CPU time in clock ticks, all CPUs together; null where /proc/stat cannot be read. */
  cpu: CpuTimes | null;
  /** The 1-minute load average; null where /proc/loadavg cannot be read. */
  load1: number | null;
  /** CPU ms this process used so far (its sampler threads included): its own share, not the host's other work. */
  selfCpuMs: number;
}

export interface CpuTimes {
  cpus: number;
  total: number;
  idle: number;
  steal: number;
}

export interface HostLoad {
  cpus: number;
  /** The 1-minute load average before the first run and after the last. */
  loadBefore: number | null;
  loadAfter: number | null;
  /** Host CPU, in CPUs, that neither the runs' containers nor functracer itself used while they ran (other users, the engine). */
  otherCpus: number | null;
  /** The share of CPU time a hypervisor gave to other guests, in %. */
  stealPct: number | null;
  /** Runs whose sampler read fewer than half the samples its interval promises. */
  slowSampling: number;
  /** Whether any of the reasons below held. */
  busy: boolean;
  /** Each reason the host counts as busy, in words. */
  reasons: string[];
}

/** Other work taking at least half of the host's CPUs competes with any run that needs more than what is left. */
const OTHER_SHARE = 0.5;
/** The steal share from which a virtual machine's CPU was too often someone else's. */
const STEAL_PCT = 5;

/** The `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal (guest time is inside user already). */
export function parseCpuTimes(stat: string): CpuTimes | null {
  const line = /^cpu\s+(.*)$/m.exec(stat);
  const fields = line?.[1]!.trim().split(/\s+/).map(Number) ?? [];
  if (fields.length < 4 || fields.some((v) => !Number.isFinite(v))) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const cpus = stat.split('\n').filter((l) => /^cpu\d+\s/.test(l)).length;
  return { cpus: Math.max(1, cpus), total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
}

/** The first field of /proc/loadavg. */
export function parseLoadAverage(text: string): number | null {
  const value = Number(text.trim().split(/\s+/)[0]);
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * Whether a run's sampler read fewer than half the samples its interval promises (when it promises 20 or more):
 * the machine was too busy for it, and short spikes may be merged into fewer, longer windows.
 */
export function samplingFellShort(run: { samples: number; samplesExpected: number | null }): boolean {
  const expected = run.samplesExpected;
  return expected !== null && expected >= 20 && run.samples < expected / 2;
}

const figure = (n: number) => n.toFixed(1);

/**
 * How busy the host was between two readings, beside the runs' own CPU: other work took at least half of its
 * CPUs, the load average stood at or above its CPUs before the runs began (it lags a minute, so it says what the
 * runs walked into), the hypervisor stole 5 % or more, or a run's sampler fell behind.
 */
export function judgeHostLoad(before: HostReading, after: HostReading, runs: { cpuMs: number | null; slowSampling: boolean }[]): HostLoad {
  const elapsedMs = after.atMs - before.atMs;
  const cpus = after.cpu?.cpus ?? before.cpu?.cpus ?? 1;
  const ticks = before.cpu && after.cpu ? after.cpu.total - before.cpu.total : 0;
  let otherCpus: number | null = null;
  let stealPct: number | null = null;
  if (before.cpu && after.cpu && ticks > 0 && elapsedMs > 0) {
    const busyShare = (ticks - (after.cpu.idle - before.cpu.idle)) / ticks;
    const own = runs.reduce((sum, r) => sum + (r.cpuMs ?? 0), 0) + (after.selfCpuMs - before.selfCpuMs);
    otherCpus = Math.max(0, busyShare * cpus - own / elapsedMs);
    stealPct = ((after.cpu.steal - before.cpu.steal) / ticks) * 100;
  }
  const slowSampling = runs.filter((r) => r.slowSampling).length;
  const reasons: string[] = [];
  if (otherCpus !== null && otherCpus >= OTHER_SHARE * cpus) reasons.push(`other work used ${figure(otherCpus)} of its ${cpus} CPUs`);
  if (before.load1 !== null && before.load1 >= cpus) reasons.push(`its load average was ${figure(before.load1)} on ${cpus} CPUs`);
  if (stealPct !== null && stealPct >= STEAL_PCT) reasons.push(`the hypervisor took ${figure(stealPct)} % of its CPU time`);
  if (slowSampling > 0) reasons.push(`${slowSampling} run${slowSampling === 1 ? "'s sampler" : "s' samplers"} fell behind`);
  return {
    cpus,
    loadBefore: before.load1,
    loadAfter: after.load1,
    otherCpus,
    stealPct,
    slowSampling,
    busy: reasons.length > 0,
    reasons,
  };
}

/** "The host was busy while these ran (…): …" or nothing on a quiet host. */
export function hostLoadNote(load: HostLoad | undefined, what: string): string | undefined {
  if (!load?.busy) return undefined;
  return `The host was busy while ${what} ran (${load.reasons.join('; ')}): durations may be longer and more spread than on a quiet host.`;
}
