/** What a probe's run of 100 ms peaking at 2 MiB leaves: its raw CSV and its run record, for fake probe logs. */
export const PROBE_RUN_CSV = ['00:00:00.000,0', '00:00:00.050,2097152,0', '00:00:00.100,0', ''].join('\n');

export function probeRunRecord(image: string, args: string[]) {
  return {
    image,
    args,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:00.100Z',
    durationMs: 100,
    durationSource: 'engine',
    peakBytes: 2097152,
    peakSource: 'kernel',
    cpuMs: 1,
    exitCode: 0,
    oomKilled: false,
    interrupted: false,
    samples: 1,
  };
}
