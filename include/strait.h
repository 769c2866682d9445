/*
 * strait.h — the C ABI of Strait, structured-output constrained decoding.
 *
 * Strait compiles a JSON Schema (or an ECMA-262 regular expression) for a
 * model's vocabulary into a token automaton. At every generation step a host
 * asks a matcher for the bitmask of tokens that keep the output valid, applies
 * it to the logits row, samples, and tells the matcher which token it chose.
 *
 *     strait_vocab *vocab;      strait_vocab_load("tokenizer.json", 0, &vocab);
 *     strait_grammar *grammar;  strait_grammar_compile_schema(vocab, schema, strlen(schema),
 *                                                             NULL, &grammar);
 *     strait_matcher *m;        strait_matcher_create(grammar, &m);
 *     size_t words;             strait_grammar_bitmask_words(grammar, &words);
 *     uint32_t *mask = calloc(words, 4);
 *     for (;;) {
 *         int done;  strait_matcher_is_terminated(m, &done);  if (done) break;
 *         float *logits = model_step(...);                       // n_vocab floats
 *         strait_matcher_fill_next_token_bitmask(m, mask, words);
 *         strait_apply_bitmask_f32(logits, n_vocab, mask, words);
 *         int32_t token = sample(logits);
 *         if (strait_matcher_accept_token(m, token) != STRAIT_OK) break;
 *     }
 *     strait_matcher_free(m); strait_grammar_free(grammar); strait_vocab_free(vocab);
 *
 * BUILDING AND LINKING
 *   swift build -c release --product StraitC        # -> .build/release/libStraitC.so
 *   cc -std=c11 -Iinclude host.c -L.build/release -lStraitC \
 *      -Wl,-rpath,"$PWD/.build/release" -o host
 *   The library needs the Swift runtime libraries (libswiftCore.so, libdispatch.so, ...);
 *   the toolchain records their folder in the library's RUNPATH. To ship the library
 *   without a toolchain, build it with `-Xswiftc -static-stdlib` or copy those libraries
 *   beside it. Python: `ctypes.CDLL(".build/release/libStraitC.so")`.
 *
 * CONVENTIONS
 *   - Every function that can fail returns a strait_status; results come back through
 *     out parameters, which are written only on STRAIT_OK (unless stated otherwise).
 *   - On failure, strait_last_error() returns a message for the calling thread naming
 *     what was wrong and where (token id, buffer sizes, byte offset, JSON Pointer).
 *   - Nothing traps, aborts or unwinds across this boundary: every pointer and size is
 *     checked; a bad argument is a status code, never a crash (within the limits of C:
 *     a non-NULL pointer to too little memory, or a size that lies about a buffer,
 *     cannot be detected).
 *   - Handles (strait_vocab, strait_grammar, strait_matcher) are opaque. They are ids into
 *     a process-wide table, not addresses: a handle carries its kind and a generation
 *     number, so passing a freed handle, a handle of another kind, or garbage returns
 *     STRAIT_INVALID_HANDLE instead of touching freed memory. Limit: after 2^32
 *     create/free cycles of the same slot a stale handle could alias a live one.
 *   - Freeing NULL is a no-op returning STRAIT_OK; freeing twice returns
 *     STRAIT_INVALID_HANDLE.
 *   - A grammar keeps its vocabulary alive and a matcher keeps its grammar alive: handles
 *     may be freed in any order.
 *
 * THREAD SAFETY
 *   - strait_vocab and strait_grammar are immutable once created: every call that takes
 *     them (compile, matcher create, queries) may run on any number of threads at once,
 *     and one grammar may be shared by many matchers on many threads. A grammar builds
 *     token masks lazily and caches them; that cache is internally synchronised.
 *   - A strait_matcher must be used by one thread at a time (calls that change it, and
 *     calls that read it while another thread changes it, need external ordering).
 *     Different matchers may be used concurrently without locks. A matcher may move
 *     between threads.
 *   - Creating and freeing handles is thread-safe. Every call resolves its handles in a
 *     process-wide table under a short critical section (tens of nanoseconds when
 *     uncontended), so freeing a handle while another thread uses it is reported as
 *     STRAIT_INVALID_HANDLE on later calls rather than crashing; a call already past the
 *     lookup finishes on the object it resolved (objects are reference-counted).
 *   - The kernels (strait_apply_bitmask_*, strait_masked_argmax_f32) touch only the
 *     buffers passed and are safe on any thread.
 *   - strait_last_error() is per thread.
 *
 * HOT PATH
 *   strait_matcher_fill_next_token_bitmask (for a state whose mask is cached),
 *   strait_matcher_accept_token, strait_matcher_rollback and the strait_apply_bitmask_*
 *   kernels do not allocate memory on success. The first visit of a grammar state builds
 *   and caches its mask (allocates once). The matcher's token history grows by doubling
 *   (an occasional reallocation while a sequence gets longer than any before it).
 */
#ifndef STRAIT_H
#define STRAIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI version of this header: a library with the same major version is compatible. */
#define STRAIT_ABI_VERSION_MAJOR 1
#define STRAIT_ABI_VERSION_MINOR 0
/** (major << 16) | minor, as returned by strait_abi_version(). */
#define STRAIT_ABI_VERSION ((STRAIT_ABI_VERSION_MAJOR << 16) | STRAIT_ABI_VERSION_MINOR)

/** Result of every fallible call. */
typedef enum strait_status {
    STRAIT_OK = 0,
    /** An argument has a value outside its domain (see the message). */
    STRAIT_INVALID_ARGUMENT = 1,
    /** A required pointer argument is NULL. */
    STRAIT_NULL_POINTER = 2,
    /** An output buffer is too small; size out parameters then hold the size needed. */
    STRAIT_BUFFER_TOO_SMALL = 3,
    /** A token id is outside 0..<logits width (or outside the vocabulary). */
    STRAIT_TOKEN_OUT_OF_RANGE = 4,
    /** The matcher has accepted an end-of-sequence token: accept is no longer possible. */
    STRAIT_TERMINATED = 5,
    /** The schema or regex could not be compiled (message names keyword/offset). */
    STRAIT_COMPILE_ERROR = 6,
    /** A file could not be opened or read. */
    STRAIT_IO_ERROR = 7,
    /** A handle was already freed, is of the wrong kind, or is not a handle at all
     *  (a NULL handle is STRAIT_NULL_POINTER). */
    STRAIT_INVALID_HANDLE = 8,
    /** A string argument is not valid UTF-8 (message gives the byte offset). */
    STRAIT_INVALID_UTF8 = 9,
    /** The token is in range but the grammar does not allow it here; nothing changed. */
    STRAIT_TOKEN_REJECTED = 10,
    /** A tokenizer file or token array is malformed (message names file and place). */
    STRAIT_VOCABULARY_ERROR = 11,
    /** The grammar's DFA outgrew its state budget while being explored. */
    STRAIT_STATE_BUDGET_EXCEEDED = 12,
    /** rollback(n) with n larger than the number of accepted tokens. */
    STRAIT_ROLLBACK_BEYOND_HISTORY = 13,
    /** A versioned struct (struct_size) is from a newer header and uses fields this
     *  library does not know. */
    STRAIT_UNSUPPORTED_VERSION = 14,
    /** A bug in Strait; the message says what. */
    STRAIT_INTERNAL_ERROR = 15
} strait_status;

/* ------------------------------------------------------------------------------------ */
/* Library, errors                                                                       */
/* ------------------------------------------------------------------------------------ */

/** (major << 16) | minor of the library's ABI. Compare the major with
 *  STRAIT_ABI_VERSION_MAJOR before using the library. Thread-safe. */
uint32_t strait_abi_version(void);

/** The library's version, e.g. "strait 0.1.0 (abi 1.0)"; a static string. Thread-safe. */
const char *strait_version_string(void);

/** The message of the last failed call on the calling thread; "" when none failed yet.
 *  Never NULL. Valid until the next failing call (or strait_clear_last_error) on this
 *  thread. Successful calls do not clear it. */
const char *strait_last_error(void);

/** Clears the calling thread's last error message. */
void strait_clear_last_error(void);

/** A static name for a status code ("STRAIT_OK", ...); "STRAIT_UNKNOWN_STATUS" otherwise. */
const char *strait_status_name(strait_status status);

/* ------------------------------------------------------------------------------------ */
/* Vocabulary                                                                            */
/* ------------------------------------------------------------------------------------ */

/** A model's vocabulary: the exact bytes of every token id, special and end-of-sequence
 *  ids, the logits width. Immutable and thread-safe. */
typedef struct strait_vocab strait_vocab;

/**
 * Loads the vocabulary of a tokenizer file: a Hugging Face tokenizer.json, a tiktoken
 * rank file, or a GGUF model (only its metadata is read). The format is detected; the
 * config files beside a tokenizer.json / tiktoken file supply end-of-sequence ids and
 * the logits width.
 *
 * @param path          NUL-terminated UTF-8 path.
 * @param logits_width  the model's logits row width, or 0 to take it from the file(s);
 *                      must be at least the vocabulary size.
 * @param out           receives the handle (free with strait_vocab_free).
 * @return STRAIT_OK, STRAIT_NULL_POINTER, STRAIT_INVALID_UTF8, STRAIT_IO_ERROR (missing or
 *         unreadable file), STRAIT_VOCABULARY_ERROR (malformed file, width too small).
 * Thread-safe.
 */
strait_status strait_vocab_load(const char *path, size_t logits_width, strait_vocab **out);

/**
 * Creates a vocabulary from token bytes held by the host (e.g. read from its tokenizer).
 *
 * @param tokens       n_tokens pointers; tokens[i] is the byte string token i decodes to
 *                     (not NUL-terminated), or NULL for an id that has no token.
 * @param lengths      n_tokens byte counts (ignored where tokens[i] is NULL).
 * @param n_tokens     number of ids, 1 ... 16,777,216.
 * @param eos_ids      end-of-sequence ids in order of preference (may be NULL if n_eos is 0).
 *                     A grammar allows them exactly where the document may end.
 * @param special_ids  control tokens a grammar never allows (may be NULL if n_special is 0).
 * @param logits_width the model's logits row width (>= n_tokens), or 0 for n_tokens.
 * @return STRAIT_OK, STRAIT_NULL_POINTER, STRAIT_INVALID_ARGUMENT (n_tokens 0),
 *         STRAIT_TOKEN_OUT_OF_RANGE (an eos/special id outside 0..<n_tokens or without
 *         a token), STRAIT_VOCABULARY_ERROR (logits_width smaller than n_tokens, ...).
 * Thread-safe.
 */
strait_status strait_vocab_from_tokens(const uint8_t *const *tokens, const size_t *lengths,
                                       size_t n_tokens, const int32_t *eos_ids, size_t n_eos,
                                       const int32_t *special_ids, size_t n_special,
                                       size_t logits_width, strait_vocab **out);

/** Releases a vocabulary handle (grammars compiled from it keep working). NULL is a no-op. */
strait_status strait_vocab_free(strait_vocab *vocab);

/** Number of token ids (one more than the highest id with a token). */
strait_status strait_vocab_size(const strait_vocab *vocab, size_t *out_n_tokens);

/** Width of a logits row (>= the vocabulary size). */
strait_status strait_vocab_logits_width(const strait_vocab *vocab, size_t *out_width);

/**
 * Copies the end-of-sequence ids into ids[0..<capacity]. *out_count receives their number
 * in every case; STRAIT_BUFFER_TOO_SMALL when capacity is smaller (ids may be NULL then).
 */
strait_status strait_vocab_eos_ids(const strait_vocab *vocab, int32_t *ids, size_t capacity,
                                   size_t *out_count);

/**
 * Copies the exact bytes token `token` decodes to into buf[0..<capacity]. *out_length
 * receives the length in every case except STRAIT_TOKEN_OUT_OF_RANGE;
 * STRAIT_BUFFER_TOO_SMALL when capacity is smaller (buf may be NULL then). An id without a
 * token (a hole, or an id in vocab size ..< logits width) has length 0.
 */
strait_status strait_vocab_token_bytes(const strait_vocab *vocab, int32_t token, uint8_t *buf,
                                       size_t capacity, size_t *out_length);

/* ------------------------------------------------------------------------------------ */
/* Grammar                                                                               */
/* ------------------------------------------------------------------------------------ */

/** A grammar compiled for one vocabulary. Immutable (its mask cache is synchronised);
 *  share one grammar between any number of matchers and threads. */
typedef struct strait_grammar strait_grammar;

/** Values of strait_compile_options.whitespace. */
enum {
    /** Any JSON whitespace wherever JSON allows it (accepts json.dumps output). */
    STRAIT_WHITESPACE_ANY = 0,
    /** No whitespace at all. */
    STRAIT_WHITESPACE_COMPACT = 1,
    /** Whitespace where JSON allows it, at most max_whitespace_run bytes in a row. */
    STRAIT_WHITESPACE_BOUNDED = 2
};

/**
 * Options for compiling a grammar. Always start from strait_compile_options_default()
 * and change fields: struct_size is set there and versions the struct.
 *
 * Versioning: a library accepts a struct_size from an older header (the fields it lacks
 * take their defaults). A larger struct_size from a newer header is accepted when every
 * byte past the fields this library knows is zero (new fields left at "off"), and
 * rejected with STRAIT_UNSUPPORTED_VERSION otherwise. A struct_size smaller than the
 * struct_size field itself is STRAIT_INVALID_ARGUMENT.
 */
typedef struct strait_compile_options {
    /** sizeof(strait_compile_options) of the header the caller was compiled with. */
    size_t struct_size;
    /** STRAIT_WHITESPACE_ANY (default), _COMPACT or _BOUNDED. JSON Schema only. */
    int whitespace;
    /** With STRAIT_WHITESPACE_BOUNDED: the longest whitespace run, >= 1 (default 0). */
    size_t max_whitespace_run;
    /** 1 (default): a keyword that cannot be enforced is a compile error naming it;
     *  0: it is ignored (lenient). JSON Schema only. */
    int strict;
    /** How deep recursive $refs and schema-less nested values are unrolled (default 3). */
    int max_recursion_depth;
    /** Most DFA states the grammar may create (default 100000); exceeding it while
     *  compiling is STRAIT_COMPILE_ERROR / STRAIT_STATE_BUDGET_EXCEEDED. */
    size_t state_budget;
} strait_compile_options;

/** The default options, with struct_size set. Thread-safe. */
strait_compile_options strait_compile_options_default(void);

/**
 * Compiles a JSON Schema (UTF-8 text, not necessarily NUL-terminated) for `vocab`.
 *
 * @param schema      schema_len bytes of JSON text.
 * @param options     NULL for the defaults.
 * @param out         receives the grammar (free with strait_grammar_free).
 * @return STRAIT_OK, STRAIT_NULL_POINTER, STRAIT_INVALID_HANDLE, STRAIT_INVALID_UTF8 (with
 *         the byte offset), STRAIT_COMPILE_ERROR (malformed JSON with its offset, an
 *         unsupported or unsatisfiable keyword with its JSON Pointer),
 *         STRAIT_INVALID_ARGUMENT / STRAIT_UNSUPPORTED_VERSION (bad options).
 * Thread-safe; takes milliseconds (masks are built lazily, see strait_grammar_precompile).
 */
strait_status strait_grammar_compile_schema(const strait_vocab *vocab, const char *schema,
                                            size_t schema_len,
                                            const strait_compile_options *options,
                                            strait_grammar **out);

/**
 * Compiles an ECMA-262 regular expression (full match over the generated bytes).
 * Arguments and results as strait_grammar_compile_schema (only state_budget applies).
 */
strait_status strait_grammar_compile_regex(const strait_vocab *vocab, const char *regex,
                                           size_t regex_len,
                                           const strait_compile_options *options,
                                           strait_grammar **out);

/**
 * Builds every DFA state and every token mask of `grammar` now (in parallel), so that no
 * decode step ever walks the vocabulary. Returns a new grammar handle; the old one stays
 * valid. STRAIT_STATE_BUDGET_EXCEEDED when the grammar has too many states to explore.
 */
strait_status strait_grammar_precompile(const strait_grammar *grammar, strait_grammar **out);

/** Releases a grammar handle (its matchers keep working). NULL is a no-op. */
strait_status strait_grammar_free(strait_grammar *grammar);

/** uint32_t words in one bitmask of this grammar: ceil(logits width / 32). */
strait_status strait_grammar_bitmask_words(const strait_grammar *grammar, size_t *out_words);

/** The logits width the grammar's masks cover. */
strait_status strait_grammar_logits_width(const strait_grammar *grammar, size_t *out_width);

/* ------------------------------------------------------------------------------------ */
/* Matcher                                                                               */
/* ------------------------------------------------------------------------------------ */

/** The state of one generated sequence. One thread at a time. */
typedef struct strait_matcher strait_matcher;

/** Creates a matcher at the start of `grammar`. Thread-safe. */
strait_status strait_matcher_create(const strait_grammar *grammar, strait_matcher **out);

/** Creates an independent copy of `matcher` (same state and history). */
strait_status strait_matcher_clone(const strait_matcher *matcher, strait_matcher **out);

/** Releases a matcher. NULL is a no-op. */
strait_status strait_matcher_free(strait_matcher *matcher);

/** Goes back to the start of the grammar (keeps allocated history). */
strait_status strait_matcher_reset(strait_matcher *matcher);

/**
 * Writes the bitmask of tokens allowed next: bit (i % 32) of bitmask[i / 32] is set when
 * token i is allowed. All n_words words are written; words past the grammar's
 * strait_grammar_bitmask_words are zeroed (ids beyond the logits width are never
 * allowed). After termination only the end-of-sequence ids are set.
 *
 * @return STRAIT_OK, STRAIT_NULL_POINTER, STRAIT_INVALID_HANDLE, STRAIT_BUFFER_TOO_SMALL
 *         (n_words < strait_grammar_bitmask_words), STRAIT_STATE_BUDGET_EXCEEDED.
 * Allocation-free once the current state's mask is cached.
 */
strait_status strait_matcher_fill_next_token_bitmask(const strait_matcher *matcher,
                                                     uint32_t *bitmask, size_t n_words);

/**
 * Commits `token` when the grammar allows it.
 *
 * @return STRAIT_OK (accepted; an end-of-sequence id terminates the matcher),
 *         STRAIT_TOKEN_REJECTED (not allowed here; nothing changed),
 *         STRAIT_TOKEN_OUT_OF_RANGE (outside 0..<logits width), STRAIT_TERMINATED,
 *         STRAIT_INVALID_HANDLE, STRAIT_STATE_BUDGET_EXCEEDED.
 */
strait_status strait_matcher_accept_token(strait_matcher *matcher, int32_t token);

/**
 * Commits draft tokens in order until one is not allowed or the matcher terminates
 * (speculative decoding). *out_accepted receives how many were committed (a prefix of
 * `tokens`) for every status except NULL_POINTER / INVALID_HANDLE; the tokens before a
 * failing one stay committed.
 *
 * @return STRAIT_OK (also when fewer than n_tokens were accepted because one was not
 *         allowed, or an end-of-sequence token ended the run), STRAIT_TOKEN_OUT_OF_RANGE,
 *         STRAIT_TERMINATED (already terminated before the first token), ...
 */
strait_status strait_matcher_accept_tokens(strait_matcher *matcher, const int32_t *tokens,
                                           size_t n_tokens, size_t *out_accepted);

/** Undoes the last n accepted tokens (an end-of-sequence token included).
 *  STRAIT_ROLLBACK_BEYOND_HISTORY when n exceeds the accepted count. */
strait_status strait_matcher_rollback(strait_matcher *matcher, size_t n);

/** *out = 1 once an end-of-sequence token was accepted, else 0. */
strait_status strait_matcher_is_terminated(const strait_matcher *matcher, int *out);

/** *out = 1 when the text so far is a complete document (end-of-sequence allowed). */
strait_status strait_matcher_can_terminate(const strait_matcher *matcher, int *out);

/** *out = the number of tokens accepted since creation or the last reset. */
strait_status strait_matcher_accepted_count(const strait_matcher *matcher, size_t *out);

/**
 * The bytes every valid continuation starts with (for jump-forward decoding), at most
 * `capacity`, into buf; *out_length receives how many were written. Empty when the next
 * byte is a choice, when the text may end here, or after termination.
 */
strait_status strait_matcher_forced_bytes(const strait_matcher *matcher, uint8_t *buf,
                                          size_t capacity, size_t *out_length);

/**
 * Fills the next-token bitmasks of n_matchers matchers in parallel (all cores): row i,
 * starting at bitmasks[i * words_per_row], receives the mask of matchers[i] (words past a
 * grammar's own width are zeroed). The matchers may belong to different grammars and may
 * repeat; none may be changed by another thread during the call.
 *
 * @param total_words  the number of words the bitmasks buffer holds
 *                     (>= n_matchers * words_per_row).
 * @return STRAIT_OK, STRAIT_NULL_POINTER, STRAIT_INVALID_HANDLE (naming the index),
 *         STRAIT_BUFFER_TOO_SMALL (words_per_row below a grammar's width, or a short
 *         buffer), STRAIT_STATE_BUDGET_EXCEEDED. All handles are checked before any row
 *         is written.
 */
strait_status strait_fill_next_token_bitmasks(strait_matcher *const *matchers, size_t n_matchers,
                                              uint32_t *bitmasks, size_t words_per_row,
                                              size_t total_words);

/* ------------------------------------------------------------------------------------ */
/* Kernels: apply a bitmask to logits in place (SIMD: AVX-512 / AVX2 / portable)         */
/* ------------------------------------------------------------------------------------ */

/**
 * Sets every logit whose bit is clear to -infinity, for ids 0..<n_logits.
 * Requires n_words >= ceil(n_logits / 32). Nothing is written on error.
 *
 * @return STRAIT_OK, STRAIT_NULL_POINTER (a NULL buffer with a non-zero size),
 *         STRAIT_BUFFER_TOO_SMALL, STRAIT_INVALID_ARGUMENT (n_logits > INT32_MAX).
 * Thread-safe, allocation-free.
 */
strait_status strait_apply_bitmask_f32(float *logits, size_t n_logits, const uint32_t *bitmask,
                                       size_t n_words);

/** As strait_apply_bitmask_f32 for IEEE binary16 logits given as bits (-inf = 0xFC00). */
strait_status strait_apply_bitmask_f16(uint16_t *logits, size_t n_logits,
                                       const uint32_t *bitmask, size_t n_words);

/** As strait_apply_bitmask_f32 for bfloat16 logits given as bits (-inf = 0xFF80). */
strait_status strait_apply_bitmask_bf16(uint16_t *logits, size_t n_logits,
                                        const uint32_t *bitmask, size_t n_words);

/**
 * Applies mask rows to a batch of logits rows, in place.
 *
 * Logits row r starts at logits[r * logits_stride]; mask row m at
 * bitmasks[m * mask_stride]; vocab_size ids of each row are processed.
 * Without indices (NULL, n_indices 0): mask row r goes to logits row r for r < n_rows
 * (needs n_mask_rows >= n_rows). With indices: mask row i goes to logits row indices[i]
 * for i < n_indices ("compact" masks, e.g. from strait_fill_next_token_bitmasks over the
 * constrained sequences only; needs n_mask_rows >= n_indices); other rows are untouched.
 * Everything is validated before the first write.
 *
 * @return STRAIT_OK, STRAIT_NULL_POINTER, STRAIT_BUFFER_TOO_SMALL (strides or row counts),
 *         STRAIT_INVALID_ARGUMENT (an index outside 0..<n_rows, sizes overflow).
 */
strait_status strait_apply_bitmask_f32_batch(float *logits, size_t n_rows, size_t logits_stride,
                                             size_t vocab_size, const uint32_t *bitmasks,
                                             size_t n_mask_rows, size_t mask_stride,
                                             const int32_t *indices, size_t n_indices);

/** As strait_apply_bitmask_f32_batch for IEEE binary16 bits. */
strait_status strait_apply_bitmask_f16_batch(uint16_t *logits, size_t n_rows,
                                             size_t logits_stride, size_t vocab_size,
                                             const uint32_t *bitmasks, size_t n_mask_rows,
                                             size_t mask_stride, const int32_t *indices,
                                             size_t n_indices);

/** As strait_apply_bitmask_f32_batch for bfloat16 bits. */
strait_status strait_apply_bitmask_bf16_batch(uint16_t *logits, size_t n_rows,
                                              size_t logits_stride, size_t vocab_size,
                                              const uint32_t *bitmasks, size_t n_mask_rows,
                                              size_t mask_stride, const int32_t *indices,
                                              size_t n_indices);

/**
 * *out_token = the id of the largest logit whose bit is set, among 0..<n_logits (ties: the
 * lowest id; NaN never wins), or -1 when no allowed logit is a number. One read pass; the
 * logits are not modified (no need to apply the mask first for greedy decoding).
 */
strait_status strait_masked_argmax_f32(const float *logits, size_t n_logits,
                                       const uint32_t *bitmask, size_t n_words,
                                       int32_t *out_token);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* STRAIT_H */
