// Float32 mask application: AVX2 and AVX-512 clones (see CStraitKernels.h).
#include "CStraitKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

// Scalar tail for the last `vocab % 32` tokens (fewer than one mask word).
static inline void mask_f32_tail(float *logits, uint32_t word, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (((word >> i) & 1u) == 0) logits[i] = -INFINITY;
  }
}

__attribute__((target("avx2")))
void strait_kernels_mask_f32_avx2(float *logits, const uint32_t *mask, size_t vocab) {
  const __m256 ninf = _mm256_set1_ps(-INFINITY);
  // Lane i of group g tests bit 8g+i: shifting left by 31-(8g+i) puts that bit
  // in the lane's sign, which is all `vblendvps` looks at.
  const __m256i shift0 = _mm256_setr_epi32(31, 30, 29, 28, 27, 26, 25, 24);
  const __m256i eight = _mm256_set1_epi32(8);
  const __m256i shift1 = _mm256_sub_epi32(shift0, eight);
  const __m256i shift2 = _mm256_sub_epi32(shift1, eight);
  const __m256i shift3 = _mm256_sub_epi32(shift2, eight);
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    // Inverted: a set sign bit now means "disallowed, write -inf".
    const __m256i inverted = _mm256_set1_epi32((int)~mask[w]);
    float *p = logits + w * 32;
    __m256 a = _mm256_loadu_ps(p);
    __m256 b = _mm256_loadu_ps(p + 8);
    __m256 c = _mm256_loadu_ps(p + 16);
    __m256 d = _mm256_loadu_ps(p + 24);
    a = _mm256_blendv_ps(a, ninf, _mm256_castsi256_ps(_mm256_sllv_epi32(inverted, shift0)));
    b = _mm256_blendv_ps(b, ninf, _mm256_castsi256_ps(_mm256_sllv_epi32(inverted, shift1)));
    c = _mm256_blendv_ps(c, ninf, _mm256_castsi256_ps(_mm256_sllv_epi32(inverted, shift2)));
    d = _mm256_blendv_ps(d, ninf, _mm256_castsi256_ps(_mm256_sllv_epi32(inverted, shift3)));
    _mm256_storeu_ps(p, a);
    _mm256_storeu_ps(p + 8, b);
    _mm256_storeu_ps(p + 16, c);
    _mm256_storeu_ps(p + 24, d);
  }
  const size_t rest = vocab % 32;
  if (rest != 0) mask_f32_tail(logits + words * 32, mask[words], rest);
}

__attribute__((target("avx512f")))
void strait_kernels_mask_f32_avx512(float *logits, const uint32_t *mask, size_t vocab) {
  const __m512 ninf = _mm512_set1_ps(-INFINITY);
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    // Store -inf only where the bit is clear; allowed logits are not touched,
    // so the loop never loads them.
    const uint32_t blocked = ~mask[w];
    float *p = logits + w * 32;
    _mm512_mask_storeu_ps(p, (__mmask16)blocked, ninf);
    _mm512_mask_storeu_ps(p + 16, (__mmask16)(blocked >> 16), ninf);
  }
  const size_t rest = vocab % 32;
  if (rest != 0) {
    // Masked stores never touch (or fault on) lanes whose mask bit is 0, so
    // limiting the mask to `rest` lanes keeps the tail inside the buffer.
    const uint32_t blocked = ~mask[words] & ((1u << rest) - 1u);
    float *p = logits + words * 32;
    _mm512_mask_storeu_ps(p, (__mmask16)blocked, ninf);
    _mm512_mask_storeu_ps(p + 16, (__mmask16)(blocked >> 16), ninf);
  }
}

#endif  // __x86_64__
