// CStraitKernels: the x86-64 SIMD clones of Strait's logit-mask kernels.
//
// Swift has no function multiversioning, and a SwiftPM dependency cannot pass
// `-target-cpu` to its consumers, so a default `swift build -c release` emits
// baseline x86-64 (SSE2) code only. These C functions are compiled with
// per-function `__attribute__((target(...)))`, so each carries its own ISA
// while the rest of the package stays baseline. StraitKernels calls
// `strait_kernels_cpu_features()` once, caches the choice, and only then calls
// a clone the CPU supports. Calling a clone on a CPU without its ISA is
// undefined behaviour (SIGILL).
//
// Mask layout (XGrammar / llguidance): `uint32_t` words, bit `i % 32` of word
// `i / 32` set means token `i` is allowed. A row of `vocab` tokens needs
// `(vocab + 31) / 32` words; bits past `vocab` in the last word are ignored.
//
// Preconditions shared by every kernel below (the Swift API checks them):
// - `logits` points to at least `vocab` elements, `mask` to at least
//   `(vocab + 31) / 32` words; both may be unaligned; they do not overlap.
// - `vocab` <= INT32_MAX for the argmax kernels (token ids are int32).
#ifndef CSTRAITKERNELS_H
#define CSTRAITKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Feature bits returned by `strait_kernels_cpu_features`.
enum {
  /// AVX2 (256-bit integer and float vectors).
  STRAIT_CPU_AVX2 = 1u << 0,
  /// AVX-512 F and BW (512-bit vectors, 16- and 32-bit lane masks).
  STRAIT_CPU_AVX512 = 1u << 1,
  /// The POPCNT instruction.
  STRAIT_CPU_POPCNT = 1u << 2,
  /// AVX-512 VPOPCNTDQ (vector popcount of 64-bit lanes).
  STRAIT_CPU_AVX512_VPOPCNTDQ = 1u << 3,
};

/// The `STRAIT_CPU_*` features of this CPU that the OS also enables; 0 on
/// targets other than x86-64. Computed once with `__builtin_cpu_supports`.
uint32_t strait_kernels_cpu_features(void);

#if defined(__x86_64__)

/// Sets `logits[i] = -inf` for every token `i < vocab` whose mask bit is 0.
/// AVX2 clone: `vpsllvd` moves each bit to a lane's sign, `vblendvps` selects.
void strait_kernels_mask_f32_avx2(float *logits, const uint32_t *mask, size_t vocab);

/// Sets `logits[i] = -inf` for every token `i < vocab` whose mask bit is 0.
/// AVX-512F clone: per mask word, two 16-lane `vblendmps` under a k-mask.
void strait_kernels_mask_f32_avx512(float *logits, const uint32_t *mask, size_t vocab);

/// Sets `logits[i] = fill` for every 16-bit logit `i < vocab` whose mask bit
/// is 0 (`fill` is 0xFC00 for IEEE float16 -inf, 0xFF80 for bfloat16 -inf).
/// AVX2 clone.
void strait_kernels_mask_u16_avx2(uint16_t *logits, const uint32_t *mask, size_t vocab,
                                  uint16_t fill);

/// AVX-512BW clone of `strait_kernels_mask_u16_avx2`: one 32-lane
/// `vpblendmw` per mask word.
void strait_kernels_mask_u16_avx512(uint16_t *logits, const uint32_t *mask, size_t vocab,
                                    uint16_t fill);

/// The index of the largest logit among allowed tokens, or -1 when no allowed
/// token has a non-NaN logit. NaN never wins; ties go to the lowest index;
/// an allowed -inf counts (it beats "nothing allowed"). AVX2 clone.
int64_t strait_kernels_argmax_f32_avx2(const float *logits, const uint32_t *mask, size_t vocab);

/// AVX-512F clone of `strait_kernels_argmax_f32_avx2`.
int64_t strait_kernels_argmax_f32_avx512(const float *logits, const uint32_t *mask,
                                         size_t vocab);

/// The number of set bits in `words[0 ..< count]`, with the POPCNT instruction.
uint64_t strait_kernels_popcount_popcnt(const uint32_t *words, size_t count);

/// The number of set bits in `words[0 ..< count]`, with AVX-512 VPOPCNTDQ.
uint64_t strait_kernels_popcount_avx512(const uint32_t *words, size_t count);

#endif  // __x86_64__

#ifdef __cplusplus
}
#endif

#endif  // CSTRAITKERNELS_H
