/*
 * c-host: a C11 inference host driving a seeded random "model" through a Strait grammar.
 *
 *   c-host --vocab TOKENIZER (--schema FILE | --regex REGEX | --regex-file FILE)
 *          [--seed N] [--max-steps N] [--compact] [--byte-vocab]
 *
 * Each step: random logits (xorshift), strait_matcher_fill_next_token_bitmask,
 * strait_apply_bitmask_f32 (the SIMD kernel), argmax over the masked row, then
 * strait_matcher_accept_token; it stops when the matcher terminates (an end-of-sequence
 * token was accepted) or after --max-steps. The generated document (the bytes of the
 * accepted tokens, end-of-sequence excluded) goes to stdout; statistics to stderr.
 *
 * --byte-vocab ignores --vocab and hands Strait a vocabulary built here: the 256 single
 * bytes plus an end-of-sequence token (strait_vocab_from_tokens).
 *
 * Exit status: 0 terminated normally, 3 step limit reached, 2 usage or library error.
 */
#include <math.h>
#include <string.h>

#include "common.h"

static void usage(void) {
    fprintf(stderr,
            "usage: c-host --vocab TOKENIZER (--schema FILE | --regex REGEX | --regex-file FILE)\n"
            "              [--seed N] [--max-steps N] [--compact] [--byte-vocab]\n");
    exit(2);
}

/* 256 single-byte tokens and "<eos>" as id 256. */
static strait_vocab *make_byte_vocab(void) {
    static uint8_t bytes[256];
    static const uint8_t eos_text[] = "<eos>";
    const uint8_t *tokens[257];
    size_t lengths[257];
    for (int i = 0; i < 256; i++) {
        bytes[i] = (uint8_t)i;
        tokens[i] = &bytes[i];
        lengths[i] = 1;
    }
    tokens[256] = eos_text;
    lengths[256] = sizeof eos_text - 1;
    const int32_t eos = 256;
    strait_vocab *vocab = NULL;
    CHECK(strait_vocab_from_tokens(tokens, lengths, 257, &eos, 1, NULL, 0, 0, &vocab));
    return vocab;
}

int main(int argc, char **argv) {
    const char *vocab_path = NULL, *schema_path = NULL, *regex = NULL, *regex_path = NULL;
    uint64_t seed = 1;
    long max_steps = 512;
    int compact = 0, byte_vocab = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "--vocab") && has_value) vocab_path = argv[++i];
        else if (!strcmp(a, "--schema") && has_value) schema_path = argv[++i];
        else if (!strcmp(a, "--regex") && has_value) regex = argv[++i];
        else if (!strcmp(a, "--regex-file") && has_value) regex_path = argv[++i];
        else if (!strcmp(a, "--seed") && has_value) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--max-steps") && has_value) max_steps = strtol(argv[++i], NULL, 10);
        else if (!strcmp(a, "--compact")) compact = 1;
        else if (!strcmp(a, "--byte-vocab")) byte_vocab = 1;
        else usage();
    }
    if ((!vocab_path && !byte_vocab) || (!schema_path && !regex && !regex_path)) usage();

    if ((strait_abi_version() >> 16) != STRAIT_ABI_VERSION_MAJOR) {
        fprintf(stderr, "c-host: library ABI %u.%u, header %d.%d\n", strait_abi_version() >> 16,
                strait_abi_version() & 0xFFFF, STRAIT_ABI_VERSION_MAJOR, STRAIT_ABI_VERSION_MINOR);
        return 2;
    }

    strait_vocab *vocab = NULL;
    if (byte_vocab) vocab = make_byte_vocab();
    else CHECK(strait_vocab_load(vocab_path, 0, &vocab));

    strait_compile_options options = strait_compile_options_default();
    if (compact) options.whitespace = STRAIT_WHITESPACE_COMPACT;
    strait_grammar *grammar = NULL;
    char *text = NULL;
    if (schema_path) {
        size_t len = 0;
        text = read_file(schema_path, &len);
        CHECK(strait_grammar_compile_schema(vocab, text, len, &options, &grammar));
    } else {
        size_t len = 0;
        text = regex_path ? read_file(regex_path, &len) : NULL;
        const char *source = text ? text : regex;
        /* A regex file's trailing newline is not part of the pattern. */
        if (text) while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r')) text[--len] = 0;
        CHECK(strait_grammar_compile_regex(vocab, source, strlen(source), &options, &grammar));
    }
    free(text);
    /* The grammar holds the vocabulary; this handle is kept for the token bytes. */

    size_t n_logits = 0, n_words = 0;
    CHECK(strait_grammar_logits_width(grammar, &n_logits));
    CHECK(strait_grammar_bitmask_words(grammar, &n_words));
    float *logits = malloc(n_logits * sizeof *logits);
    uint32_t *mask = malloc(n_words * sizeof *mask);
    size_t doc_cap = 1 << 16, doc_len = 0;
    uint8_t *doc = malloc(doc_cap);
    if (!logits || !mask || !doc) { fprintf(stderr, "out of memory\n"); return 2; }

    strait_matcher *matcher = NULL;
    CHECK(strait_matcher_create(grammar, &matcher));
    xorshift rng = {seed * 0x9E3779B97F4A7C15ULL + 1};
    long steps = 0;
    int terminated = 0;
    size_t allowed_sum = 0;
    while (steps < max_steps) {
        CHECK(strait_matcher_is_terminated(matcher, &terminated));
        if (terminated) break;
        random_logits(&rng, logits, n_logits);
        CHECK(strait_matcher_fill_next_token_bitmask(matcher, mask, n_words));
        CHECK(strait_apply_bitmask_f32(logits, n_logits, mask, n_words));
        int32_t best = -1;
        for (size_t i = 0; i < n_logits; i++) {
            if (logits[i] != -INFINITY && (best < 0 || logits[i] > logits[best])) best = (int32_t)i;
        }
        if (best < 0) { fprintf(stderr, "c-host: empty mask at step %ld\n", steps); return 2; }
        for (size_t w = 0; w < n_words; w++) allowed_sum += (size_t)__builtin_popcount(mask[w]);
        CHECK(strait_matcher_accept_token(matcher, best));
        steps++;
        CHECK(strait_matcher_is_terminated(matcher, &terminated));
        if (terminated) break; /* the end-of-sequence token adds no bytes */
        size_t len = 0;
        strait_status s = strait_vocab_token_bytes(vocab, best, doc + doc_len, doc_cap - doc_len, &len);
        if (s == STRAIT_BUFFER_TOO_SMALL) { fprintf(stderr, "c-host: document too long\n"); return 2; }
        CHECK(s);
        doc_len += len;
    }
    fwrite(doc, 1, doc_len, stdout);
    fputc('\n', stdout);
    fprintf(stderr, "c-host: %s after %ld steps, %zu bytes, mean allowed tokens per step %.1f\n",
            terminated ? "terminated" : "step limit reached", steps, doc_len,
            steps ? (double)allowed_sum / (double)steps : 0.0);

    CHECK(strait_matcher_free(matcher));
    CHECK(strait_grammar_free(grammar));
    CHECK(strait_vocab_free(vocab));
    free(logits);
    free(mask);
    free(doc);
    return terminated ? 0 : 3;
}
