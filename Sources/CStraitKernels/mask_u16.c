// 16-bit (float16 / bfloat16) mask application: AVX2 and AVX-512BW clones.
#include "CStraitKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

static inline void mask_u16_tail(uint16_t *logits, uint32_t word, size_t count, uint16_t fill) {
  for (size_t i = 0; i < count; i++) {
    if (((word >> i) & 1u) == 0) logits[i] = fill;
  }
}

// One mask word covers 32 16-bit logits (two ymm vectors). The word is
// expanded to 32 byte-masks with one shuffle (byte j picks the mask byte
// holding its token's bit) and widened to 16-bit masks by unpacking each byte
// with itself. `vpunpck*bw` work within 128-bit halves, so the shuffle places
// tokens 0-7 | 16-23 | 8-15 | 24-31 in the four 8-byte groups; the unpacks then
// yield tokens 0-15 and 16-31 in order. 12 operations per word; measured 25 %
// faster than broadcasting each half-word and testing 16 bit positions.
__attribute__((target("avx2")))
void strait_kernels_mask_u16_avx2(uint16_t *logits, const uint32_t *mask, size_t vocab,
                                  uint16_t fill) {
  const __m256i fills = _mm256_set1_epi16((short)fill);
  const __m256i select = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2,
                                          1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3);
  const __m256i bit = _mm256_set1_epi64x(0x8040201008040201LL);
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    const __m256i bytes = _mm256_shuffle_epi8(_mm256_set1_epi32((int)mask[w]), select);
    // 0xFF in the bytes of allowed tokens.
    const __m256i allowed = _mm256_cmpeq_epi8(_mm256_and_si256(bytes, bit), bit);
    uint16_t *p = logits + w * 32;
    const __m256i a = _mm256_loadu_si256((const __m256i *)p);
    const __m256i b = _mm256_loadu_si256((const __m256i *)(p + 16));
    _mm256_storeu_si256((__m256i *)p,
                        _mm256_blendv_epi8(fills, a, _mm256_unpacklo_epi8(allowed, allowed)));
    _mm256_storeu_si256((__m256i *)(p + 16),
                        _mm256_blendv_epi8(fills, b, _mm256_unpackhi_epi8(allowed, allowed)));
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
