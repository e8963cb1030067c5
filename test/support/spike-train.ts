/**
 * The memshape run the tracer benchmark and test:vm's guests both trace: 2 ms
 * spikes on a steady base, each a window a sampler misses if it reads only
 * the usage between marks.
 */
const MIB = 2 ** 20;
const BASE_MIB = 16;
const SPIKE_MIB = 96;

/** memshape's arguments for `count` 2 ms spikes to 96 MiB, 300 ms apart, on 16 MiB. */
export function spikeTrainArgs(count: number): string[] {
  return ['0:100', ...Array.from({ length: count }, () => [`${BASE_MIB}:300`, `${SPIKE_MIB}:2`]).flat(), `${BASE_MIB}:300`, '0:100'];
}

/** Spikes show as separate runs of samples above the midpoint between base and spike. */
export function spikesCaught(bytes: Iterable<number>): number {
  const threshold = ((BASE_MIB + SPIKE_MIB) / 2) * MIB;
  let runs = 0;
  let above = false;
  for (const value of bytes) {
    const now = value > threshold;
    if (now && !above) runs += 1;
    above = now;
  }
  return runs;
}
