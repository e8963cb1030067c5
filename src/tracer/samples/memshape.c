/*
 * memshape: the tracer's test oracle. Holds a known amount of anonymous memory
 * resident for known times, so a trace can be checked against what was asked for.
 *
 *   memshape [-v] MiB:ms [MiB:ms ...] [exit:N]
 *
 * Each MiB:ms grows or shrinks the resident set to MiB, then holds it for ms
 * milliseconds counted from the moment the size is reached (so a short spike
 * really lasts its ms at full height). Silent unless -v, so that output never
 * perturbs the memory being measured.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older libc headers lack the name */
#endif

#define MIB ((size_t)1 << 20)
/* A cap keeps MiB * 2^20 far from overflow; 1 TiB is beyond any function. */
#define MAX_MIB ((uint64_t)1 << 20)
#define MAX_MS ((uint64_t)24 * 3600 * 1000)

struct step {
  uint64_t mib;
  uint64_t ms;
};

static int usage(const char *why, const char *arg) {
  fprintf(stderr, "memshape: %s: '%s'\n", why, arg);
  fprintf(stderr, "usage: memshape [-v] MiB:ms [MiB:ms ...] [exit:N]\n");
  return 2;
}

/* Whole decimal numbers only: "1e3", "-1" or "12abc" are refused, not guessed at. */
static int parse_u64(const char *s, const char *end, uint64_t max, uint64_t *out) {
  uint64_t v = 0;
  if (s == end) return -1;
  for (const char *p = s; p < end; p++) {
    if (*p < '0' || *p > '9') return -1;
    v = v * 10 + (uint64_t)(*p - '0');
    if (v > max) return -1;
  }
  *out = v;
  return 0;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Sleeps to an absolute deadline, so signals or early wake-ups cannot shorten a hold. */
static void hold(uint64_t ms) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += (time_t)(ms / 1000);
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec += 1;
    until.tv_nsec -= 1000000000L;
  }
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR) {
  }
}

int main(int argc, char **argv) {
  int verbose = 0, exit_code = 0, first = 1;
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    verbose = 1;
    first = 2;
  }
  struct step *steps = calloc((size_t)argc, sizeof *steps);
  size_t nsteps = 0;
  uint64_t most = 0;
  for (int i = first; i < argc; i++) {
    const char *arg = argv[i];
    const char *colon = strchr(arg, ':');
    if (colon == NULL) return usage("expected MiB:ms or exit:N", arg);
    const char *end = arg + strlen(arg);
    if (strncmp(arg, "exit:", 5) == 0) {
      uint64_t code;
      if (i != argc - 1) return usage("exit:N must come last", arg);
      if (parse_u64(colon + 1, end, 255, &code) != 0) return usage("exit code must be 0..255", arg);
      exit_code = (int)code;
      break;
    }
    struct step *s = &steps[nsteps++];
    if (parse_u64(arg, colon, MAX_MIB, &s->mib) != 0) return usage("MiB must be a whole number", arg);
    if (parse_u64(colon + 1, end, MAX_MS, &s->ms) != 0) return usage("ms must be a whole number", arg);
    if (s->mib > most) most = s->mib;
  }

  /*
   * One reservation for the largest step: growing only faults pages in, and
   * shrinking only drops them, so no step pays for a copy or a remap.
   * MAP_NORESERVE: untouched pages cost nothing, which is the point.
   */
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  char *base = NULL;
  if (most > 0) {
    base = mmap(NULL, most * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
      fprintf(stderr, "memshape: cannot reserve %llu MiB: %s\n", (unsigned long long)most, strerror(errno));
      return 1;
    }
    /* Huge pages would make RSS move in 2 MiB jumps and outlive a partial shrink. */
    madvise(base, most * MIB, MADV_NOHUGEPAGE);
  }

  size_t resident = 0;
  double start = now_ms();
  for (size_t i = 0; i < nsteps; i++) {
    size_t want = steps[i].mib * MIB;
    double t0 = now_ms();
    if (want > resident) {
      /*
       * One populate call faults the pages in about 20% faster than a fault per page, which
       * keeps spikes sharp. Older kernels refuse it; then write to each page ourselves (a write,
       * not a read: reads would map the shared zero page and leave RSS flat).
       */
      if (madvise(base + resident, want - resident, MADV_POPULATE_WRITE) != 0)
        for (volatile char *p = base + resident; p < base + want; p += page) *p = 1;
    } else if (want < resident) {
      /* MADV_DONTNEED frees anonymous pages at once, so the cgroup's usage falls now, not later. */
      madvise(base + want, resident - want, MADV_DONTNEED);
    }
    resident = want;
    double reached = now_ms();
    if (verbose) {
      printf("memshape: t=%.1f ms %llu MiB reached in %.1f ms, holding %llu ms\n", reached - start,
             (unsigned long long)steps[i].mib, reached - t0, (unsigned long long)steps[i].ms);
      fflush(stdout);
    }
    hold(steps[i].ms);
  }
  if (verbose) printf("memshape: t=%.1f ms done, exit %d\n", now_ms() - start, exit_code);
  return exit_code;
}
