/*
 * bench: per-step cost of strait_matcher_fill_next_token_bitmask + strait_apply_bitmask_f32
 * through the C ABI, on a real vocabulary.
 *
 *   bench --vocab TOKENIZER --regex REGEX [--seed N] [--rounds N]
 *
 * Decodes one document with the seeded random model (warm-up: caches the masks), then
 * replays its tokens --rounds times, timing each step's fill and apply separately with
 * CLOCK_MONOTONIC. Prints p50 / p90 / p99 / max / mean in microseconds for fill, apply and
 * fill + apply. One thread.
 */
#define _POSIX_C_SOURCE 199309L
#include <string.h>
#include <time.h>

#include "common.h"

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *name, double *samples, size_t n) {
    qsort(samples, n, sizeof *samples, compare_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += samples[i];
    printf("%-12s p50 %8.2f  p90 %8.2f  p99 %8.2f  max %8.2f  mean %8.2f us  (n=%zu)\n", name,
           samples[n / 2], samples[n * 9 / 10], samples[n * 99 / 100], samples[n - 1], sum / (double)n, n);
}

int main(int argc, char **argv) {
    const char *vocab_path = NULL, *regex = NULL;
    uint64_t seed = 1;
    long rounds = 50;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--vocab")) vocab_path = argv[i + 1];
        else if (!strcmp(argv[i], "--regex")) regex = argv[i + 1];
        else if (!strcmp(argv[i], "--seed")) seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--rounds")) rounds = strtol(argv[i + 1], NULL, 10);
    }
    if (!vocab_path || !regex || rounds < 1) {
        fprintf(stderr, "usage: bench --vocab TOKENIZER --regex REGEX [--seed N] [--rounds N]\n");
        return 2;
    }
    double t0 = now_us();
    strait_vocab *vocab = NULL;
    strait_grammar *grammar = NULL;
    strait_matcher *matcher = NULL;
    CHECK(strait_vocab_load(vocab_path, 0, &vocab));
    double t1 = now_us();
    CHECK(strait_grammar_compile_regex(vocab, regex, strlen(regex), NULL, &grammar));
    CHECK(strait_matcher_create(grammar, &matcher));
    size_t n_logits = 0, n_words = 0;
    CHECK(strait_grammar_logits_width(grammar, &n_logits));
    CHECK(strait_grammar_bitmask_words(grammar, &n_words));
    float *logits = malloc(n_logits * sizeof *logits);
    uint32_t *mask = malloc(n_words * sizeof *mask);
    int32_t tokens[4096];
    if (!logits || !mask) return 2;

    xorshift rng = {seed * 0x9E3779B97F4A7C15ULL + 1};
    size_t n_tokens = 0;
    int terminated = 0;
    double t2 = now_us();
    while (!terminated && n_tokens < 4096) {
        random_logits(&rng, logits, n_logits);
        CHECK(strait_matcher_fill_next_token_bitmask(matcher, mask, n_words));
        CHECK(strait_apply_bitmask_f32(logits, n_logits, mask, n_words));
        int32_t best = -1;
        CHECK(strait_masked_argmax_f32(logits, n_logits, mask, n_words, &best));
        CHECK(strait_matcher_accept_token(matcher, best));
        tokens[n_tokens++] = best;
        CHECK(strait_matcher_is_terminated(matcher, &terminated));
    }
    double t3 = now_us();
    printf("vocabulary %zu logits (%zu mask words); load %.1f ms; first decode (builds masks) %.1f ms, %zu tokens\n",
           n_logits, n_words, (t1 - t0) / 1e3, (t3 - t2) / 1e3, n_tokens);

    size_t n = (size_t)rounds * n_tokens, k = 0;
    double *fill = malloc(n * sizeof *fill), *apply = malloc(n * sizeof *apply), *both = malloc(n * sizeof *both);
    if (!fill || !apply || !both) return 2;
    for (long r = 0; r < rounds; r++) {
        CHECK(strait_matcher_reset(matcher));
        for (size_t i = 0; i < n_tokens; i++, k++) {
            random_logits(&rng, logits, n_logits);
            double a = now_us();
            strait_status s1 = strait_matcher_fill_next_token_bitmask(matcher, mask, n_words);
            double b = now_us();
            strait_status s2 = strait_apply_bitmask_f32(logits, n_logits, mask, n_words);
            double c = now_us();
            CHECK(s1);
            CHECK(s2);
            CHECK(strait_matcher_accept_token(matcher, tokens[i]));
            fill[k] = b - a;
            apply[k] = c - b;
            both[k] = c - a;
        }
    }
    report("fill", fill, n);
    report("apply", apply, n);
    report("fill+apply", both, n);
    CHECK(strait_matcher_free(matcher));
    CHECK(strait_grammar_free(grammar));
    CHECK(strait_vocab_free(vocab));
    return 0;
}
