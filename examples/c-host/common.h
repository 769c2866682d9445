/*
 * Helpers shared by the C examples: reading a file, a seeded xorshift "model",
 * checked calls.
 */
#ifndef STRAIT_EXAMPLE_COMMON_H
#define STRAIT_EXAMPLE_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "strait.h"

/* Prints the failing call, its status and the thread's last error, then exits 2. */
#define CHECK(call)                                                                     \
    do {                                                                                \
        strait_status check_status_ = (call);                                           \
        if (check_status_ != STRAIT_OK) {                                               \
            fprintf(stderr, "%s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call,         \
                    strait_status_name(check_status_), strait_last_error());            \
            exit(2);                                                                    \
        }                                                                               \
    } while (0)

/* Reads a whole file into a NUL-terminated buffer (caller frees); exits 2 on failure. */
static inline char *read_file(const char *path, size_t *out_len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    if (fseek(f, 0, SEEK_END) != 0) { perror(path); exit(2); }
    long size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) { perror(path); exit(2); }
    char *data = malloc((size_t)size + 1);
    if (!data) { fprintf(stderr, "out of memory\n"); exit(2); }
    if (fread(data, 1, (size_t)size, f) != (size_t)size) { perror(path); exit(2); }
    fclose(f);
    data[size] = 0;
    if (out_len) *out_len = (size_t)size;
    return data;
}

/* xorshift64*: the seeded random "model". */
typedef struct { uint64_t state; } xorshift;

static inline uint64_t xorshift_next(xorshift *rng) {
    uint64_t x = rng->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng->state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* One step of the random model: n_logits logits uniform in [-8, 8). */
static inline void random_logits(xorshift *rng, float *logits, size_t n_logits) {
    for (size_t i = 0; i < n_logits; i++) {
        logits[i] = (float)((xorshift_next(rng) >> 40) * (16.0 / 16777216.0) - 8.0);
    }
}

#endif
