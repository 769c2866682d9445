// 16-bit (float16 / bfloat16) mask application: AVX2 and AVX-512BW clones.
#include "CStraitKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

static inline void mask_u16_tail(uint16_t *logits, uint32_t word, size_t count, uint16_t fill) {
  for (size_t i = 0; i < count; i++) {
    if (((word >> i) & 1u) == 0) logits[i] = fill;
  }
}

__attribute__((target("avx2")))
void strait_kernels_mask_u16_avx2(uint16_t *logits, const uint32_t *mask, size_t vocab,
                                  uint16_t fill) {
  const __m256i fills = _mm256_set1_epi16((short)fill);
  const __m256i bits = _mm256_setr_epi16(1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5,
                                         1 << 6, 1 << 7, 1 << 8, 1 << 9, 1 << 10, 1 << 11,
                                         1 << 12, 1 << 13, 1 << 14, (short)(1 << 15));
  const __m256i zero = _mm256_setzero_si256();
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    const uint32_t word = mask[w];
    uint16_t *p = logits + w * 32;
    // One 16-lane vector per half-word: lane i is blocked when bit i is clear.
    const __m256i lo = _mm256_set1_epi16((short)(word & 0xFFFFu));
    const __m256i hi = _mm256_set1_epi16((short)(word >> 16));
    const __m256i blockedLo = _mm256_cmpeq_epi16(_mm256_and_si256(lo, bits), zero);
    const __m256i blockedHi = _mm256_cmpeq_epi16(_mm256_and_si256(hi, bits), zero);
    __m256i a = _mm256_loadu_si256((const __m256i *)p);
    __m256i b = _mm256_loadu_si256((const __m256i *)(p + 16));
    a = _mm256_blendv_epi8(a, fills, blockedLo);
    b = _mm256_blendv_epi8(b, fills, blockedHi);
    _mm256_storeu_si256((__m256i *)p, a);
    _mm256_storeu_si256((__m256i *)(p + 16), b);
  }
  const size_t rest = vocab % 32;
  if (rest != 0) mask_u16_tail(logits + words * 32, mask[words], rest, fill);
}

// Load + blend + full store, like the Float32 clone (masked stores of the
// blocked lanes only are much slower on rows that are not in cache).
__attribute__((target("avx512f,avx512bw")))
void strait_kernels_mask_u16_avx512(uint16_t *logits, const uint32_t *mask, size_t vocab,
                                    uint16_t fill) {
  const __m512i fills = _mm512_set1_epi16((short)fill);
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    // 32 lanes of 16 bits = one mask word = one blend.
    uint16_t *p = logits + w * 32;
    const __m512i x = _mm512_loadu_si512(p);
    _mm512_storeu_si512(p, _mm512_mask_blend_epi16((__mmask32)mask[w], fills, x));
  }
  const size_t rest = vocab % 32;
  if (rest != 0) {
    const uint32_t blocked = ~mask[words] & ((1u << rest) - 1u);
    _mm512_mask_storeu_epi16(logits + words * 32, (__mmask32)blocked, fills);
  }
}

#endif  // __x86_64__
