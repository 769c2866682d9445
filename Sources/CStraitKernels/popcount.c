// Bitmask popcount clones: baseline x86-64 has no POPCNT instruction (the
// builtin becomes an SSE2 bit-twiddling sequence, ~10x slower).
#include "CStraitKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

__attribute__((target("popcnt")))
uint64_t strait_kernels_popcount_popcnt(const uint32_t *words, size_t count) {
  uint64_t total = 0;
  size_t i = 0;
  for (; i + 2 <= count; i += 2) {
    uint64_t pair;
    memcpy(&pair, words + i, sizeof pair);  // unaligned-safe 64-bit load
    total += (uint64_t)__builtin_popcountll(pair);
  }
  if (i < count) total += (uint64_t)__builtin_popcount(words[i]);
  return total;
}

__attribute__((target("avx512f,avx512vpopcntdq")))
uint64_t strait_kernels_popcount_avx512(const uint32_t *words, size_t count) {
  __m512i sum = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_loadu_si512(words + i)));
  }
  if (i < count) {
    // Fault-suppressing masked load of the last (count - i) < 16 words.
    const __mmask16 live = (__mmask16)((1u << (count - i)) - 1u);
    sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_maskz_loadu_epi32(live, words + i)));
  }
  return (uint64_t)_mm512_reduce_add_epi64(sum);
}

#endif  // __x86_64__
