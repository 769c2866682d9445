/*
 * hotpath-check: counts heap allocations made by the hot calls of the C ABI.
 *
 *   hotpath-check --vocab TOKENIZER --regex REGEX [--seed N] [--rounds N]
 *
 * This program defines malloc/calloc/realloc/free/posix_memalign/aligned_alloc/memalign
 * itself (forwarding to glibc's __libc_* functions), so every allocation made by
 * libStraitC.so and the Swift runtime goes through its counter. It
 *   1. decodes one document with the seeded random model (this visits the grammar states
 *      and caches their masks: allocations are expected here), recording the tokens;
 *   2. resets the matcher and replays the same tokens --rounds times with counting on:
 *      strait_matcher_fill_next_token_bitmask + strait_apply_bitmask_f32 +
 *      strait_masked_argmax_f32 + strait_matcher_accept_token per step, plus a
 *      strait_matcher_rollback(1) + accept of the same token;
 *   3. prints "hot-path allocations: N over S steps" (N must be 0), then checks that the
 *      counter does see the library's allocations (a strait_matcher_clone must count).
 *
 * glibc only (the __libc_* entry points). Exit 0 when N is 0, 1 otherwise, 2 on errors.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <string.h>

#include "common.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static atomic_int counting;
static atomic_long allocations;

static void count(void) {
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
}

void *malloc(size_t n) { count(); return __libc_malloc(n); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { count(); return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t alignment, size_t n) { count(); return __libc_memalign(alignment, n); }
void *aligned_alloc(size_t alignment, size_t n) { count(); return __libc_memalign(alignment, n); }
int posix_memalign(void **out, size_t alignment, size_t n) {
    count();
    void *p = __libc_memalign(alignment, n);
    if (!p) return 12; /* ENOMEM */
    *out = p;
    return 0;
}

int main(int argc, char **argv) {
    const char *vocab_path = NULL, *regex = NULL;
    uint64_t seed = 1;
    long rounds = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--vocab")) vocab_path = argv[i + 1];
        else if (!strcmp(argv[i], "--regex")) regex = argv[i + 1];
        else if (!strcmp(argv[i], "--seed")) seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--rounds")) rounds = strtol(argv[i + 1], NULL, 10);
    }
    if (!vocab_path || !regex) {
        fprintf(stderr, "usage: hotpath-check --vocab TOKENIZER --regex REGEX [--seed N] [--rounds N]\n");
        return 2;
    }
    strait_vocab *vocab = NULL;
    strait_grammar *grammar = NULL;
    strait_matcher *matcher = NULL;
    CHECK(strait_vocab_load(vocab_path, 0, &vocab));
    CHECK(strait_grammar_compile_regex(vocab, regex, strlen(regex), NULL, &grammar));
    CHECK(strait_matcher_create(grammar, &matcher));
    size_t n_logits = 0, n_words = 0;
    CHECK(strait_grammar_logits_width(grammar, &n_logits));
    CHECK(strait_grammar_bitmask_words(grammar, &n_words));
    float *logits = malloc(n_logits * sizeof *logits);
    uint32_t *mask = malloc(n_words * sizeof *mask);
    int32_t *tokens = malloc(4096 * sizeof *tokens);
    if (!logits || !mask || !tokens) return 2;

    /* 1. Warm-up decode: caches every mask the replay will need. */
    xorshift rng = {seed * 0x9E3779B97F4A7C15ULL + 1};
    size_t n_tokens = 0;
    int terminated = 0;
    while (!terminated && n_tokens < 4096) {
        random_logits(&rng, logits, n_logits);
        CHECK(strait_matcher_fill_next_token_bitmask(matcher, mask, n_words));
        CHECK(strait_apply_bitmask_f32(logits, n_logits, mask, n_words));
        int32_t best = -1;
        CHECK(strait_masked_argmax_f32(logits, n_logits, mask, n_words, &best));
        if (best < 0) { fprintf(stderr, "empty mask\n"); return 2; }
        CHECK(strait_matcher_accept_token(matcher, best));
        tokens[n_tokens++] = best;
        CHECK(strait_matcher_is_terminated(matcher, &terminated));
    }
    /* The end-of-sequence mask is built on first use too. */
    CHECK(strait_matcher_fill_next_token_bitmask(matcher, mask, n_words));

    /* 2. Replays with counting on. */
    long steps = 0;
    atomic_store(&counting, 1);
    for (long r = 0; r < rounds; r++) {
        CHECK(strait_matcher_reset(matcher));
        for (size_t k = 0; k < n_tokens; k++) {
            random_logits(&rng, logits, n_logits);
            CHECK(strait_matcher_fill_next_token_bitmask(matcher, mask, n_words));
            CHECK(strait_apply_bitmask_f32(logits, n_logits, mask, n_words));
            int32_t best = -1;
            CHECK(strait_masked_argmax_f32(logits, n_logits, mask, n_words, &best));
            CHECK(strait_matcher_accept_token(matcher, tokens[k]));
            CHECK(strait_matcher_rollback(matcher, 1));
            CHECK(strait_matcher_accept_token(matcher, tokens[k]));
            steps++;
        }
        CHECK(strait_matcher_is_terminated(matcher, &terminated));
        if (!terminated) { fprintf(stderr, "replay did not terminate\n"); return 2; }
    }
    atomic_store(&counting, 0);
    long n = atomic_load(&allocations);
    printf("hot-path allocations: %ld over %ld steps (%zu tokens per document)\n", n, steps, n_tokens);

    /* 3. The counter must see the library's allocations, or a 0 above would mean nothing:
     *    cloning a matcher allocates (a box and a handle-table entry). */
    atomic_store(&allocations, 0);
    atomic_store(&counting, 1);
    strait_matcher *copy = NULL;
    CHECK(strait_matcher_clone(matcher, &copy));
    atomic_store(&counting, 0);
    long control = atomic_load(&allocations);
    printf("control allocations (strait_matcher_clone): %ld\n", control);
    CHECK(strait_matcher_free(copy));
    if (control == 0) { fprintf(stderr, "the allocation counter saw nothing: interposition failed\n"); return 2; }

    CHECK(strait_matcher_free(matcher));
    CHECK(strait_grammar_free(grammar));
    CHECK(strait_vocab_free(vocab));
    free(logits);
    free(mask);
    free(tokens);
    return n == 0 ? 0 : 1;
}
