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
    // Sign set = allowed = keep the logit (a broadcast straight from memory).
    const __m256i bits = _mm256_set1_epi32((int)mask[w]);
    float *p = logits + w * 32;
    const __m256 a = _mm256_loadu_ps(p);
    const __m256 b = _mm256_loadu_ps(p + 8);
    const __m256 c = _mm256_loadu_ps(p + 16);
    const __m256 d = _mm256_loadu_ps(p + 24);
    _mm256_storeu_ps(p, _mm256_blendv_ps(ninf, a, _mm256_castsi256_ps(_mm256_sllv_epi32(bits, shift0))));
    _mm256_storeu_ps(p + 8, _mm256_blendv_ps(ninf, b, _mm256_castsi256_ps(_mm256_sllv_epi32(bits, shift1))));
    _mm256_storeu_ps(p + 16, _mm256_blendv_ps(ninf, c, _mm256_castsi256_ps(_mm256_sllv_epi32(bits, shift2))));
    _mm256_storeu_ps(p + 24, _mm256_blendv_ps(ninf, d, _mm256_castsi256_ps(_mm256_sllv_epi32(bits, shift3))));
  }
  const size_t rest = vocab % 32;
  if (rest != 0) mask_f32_tail(logits + words * 32, mask[words], rest);
}

// Load, blend with -inf under the mask word (a k-register), store the whole
// line. A masked store of only the -inf lanes avoids the load and is as fast
// while the row is in L2, but measured 2.2-2.6x slower on rows that are not
// in cache (AMD Zen 4, 64-row batches), so the kernel always writes full lines.
__attribute__((target("avx512f")))
void strait_kernels_mask_f32_avx512(float *logits, const uint32_t *mask, size_t vocab) {
  const __m512 ninf = _mm512_set1_ps(-INFINITY);
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    const uint32_t allowed = mask[w];
    float *p = logits + w * 32;
    const __m512 a = _mm512_loadu_ps(p);
    const __m512 b = _mm512_loadu_ps(p + 16);
    _mm512_storeu_ps(p, _mm512_mask_blend_ps((__mmask16)allowed, ninf, a));
    _mm512_storeu_ps(p + 16, _mm512_mask_blend_ps((__mmask16)(allowed >> 16), ninf, b));
  }
  const size_t rest = vocab % 32;
  if (rest != 0) {
    // Masked stores never touch (or fault on) lanes whose mask bit is 0, so
    // limiting the store to the blocked lanes below `rest` stays in bounds.
    const uint32_t blocked = ~mask[words] & ((1u << rest) - 1u);
    float *p = logits + words * 32;
    _mm512_mask_storeu_ps(p, (__mmask16)blocked, ninf);
    _mm512_mask_storeu_ps(p + 16, (__mmask16)(blocked >> 16), ninf);
  }
}

#endif  // __x86_64__
