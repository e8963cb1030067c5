/**
 * What a timed wake costs on this host without Node: a C thread pacing itself
 * with clock_nanosleep at the sampler's interval. It tells how much of the
 * sampler's share is the kernel's (and the hypervisor's) and how much is ours.
 * Given a file, the thread also reads it once a wake with pread, as the
 * sampler reads its cgroup file. Needs a C compiler; without one the bench
 * says so and goes on.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SOURCE = `
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static double micros(struct timespec a, struct timespec b) {
  return (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
}
int main(int argc, char **argv) {
  long interval = atol(argv[1]), wakes = atol(argv[2]);
  int fd = argc > 3 ? open(argv[3], O_RDONLY) : -1;
  char buf[64];
  struct timespec next, cpu0, cpu1;
  if (argc > 3 && fd < 0) { perror(argv[3]); return 1; }
  clock_gettime(CLOCK_MONOTONIC, &next);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
  for (long i = 0; i < wakes; i++) {
    next.tv_nsec += interval;
    while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec += 1; }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, 0);
    if (fd >= 0 && pread(fd, buf, sizeof buf, 0) < 0) { perror("pread"); return 1; }
  }
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1);
  printf("%f\\n", micros(cpu0, cpu1) / wakes);
  return 0;
}
`;

/** CPU µs a wake (and a read of `file`, if given), over two seconds of wakes; undefined where no C compiler can be run. */
export async function cWakeMicros(intervalMs: number, file?: string): Promise<number | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-wake-'));
  try {
    const source = path.join(dir, 'wake.c');
    const binary = path.join(dir, 'wake');
    fs.writeFileSync(source, SOURCE);
    try {
      await run('cc', ['-O2', '-o', binary, source]);
    } catch {
      return undefined;
    }
    const wakes = Math.round(2000 / intervalMs);
    const { stdout } = await run(binary, [String(Math.round(intervalMs * 1e6)), String(wakes), ...(file ? [file] : [])]);
    return Number(stdout.trim());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
