/* What every C peer shares: argument parsing, a monotonic clock, and the
 * result lines the harness reads (see benchmarks/README.md, "Protocol").
 * Each repetition prints its time AND its checksum, so the work of every
 * repetition is observable and the compiler cannot drop any of it. */
#ifndef KILN_BENCH_COMMON_H
#define KILN_BENCH_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline int64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* CPU time of the calling thread: what the kernel cost even when other
 * processes share the cores (wall time then stretches, this much less). */
static inline int64_t bench_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* argv[index] as a positive integer, or exit 2 with the usage line. */
static int64_t bench_arg(int argc, char **argv, int index, const char *usage) {
    if (index >= argc) {
        fprintf(stderr, "usage: %s %s\n", argv[0], usage);
        exit(2);
    }
    char *end = NULL;
    errno = 0;
    long long value = strtoll(argv[index], &end, 10);
    if (errno != 0 || *end != '\0' || value <= 0) {
        fprintf(stderr, "%s: argument %d must be a positive integer, got '%s'\n",
                argv[0], index, argv[index]);
        exit(2);
    }
    return (int64_t)value;
}

static void *bench_alloc(size_t bytes) {
    void *p = NULL;
    /* 64-byte alignment: one AVX-512 vector, one cache line */
    if (posix_memalign(&p, 64, bytes) != 0) {
        fprintf(stderr, "out of memory allocating %zu bytes\n", bytes);
        exit(1);
    }
    return p;
}

static void bench_rep_int(int64_t ns, int64_t cpu_ns, int64_t checksum) {
    printf("BENCH rep %lld %lld %lld\n", (long long)ns, (long long)checksum, (long long)cpu_ns);
}

static void bench_rep_float(int64_t ns, int64_t cpu_ns, double checksum) {
    printf("BENCH rep %lld %.17g %lld\n", (long long)ns, checksum, (long long)cpu_ns);
}

#endif
