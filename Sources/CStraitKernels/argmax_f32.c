// Masked argmax over Float32 logits: AVX2 and AVX-512 clones.
//
// Two passes over the (usually cache-hot) row:
// 1. the maximum of the allowed logits. `max(x, m)` returns its second
//    operand when `x` is NaN, so NaN never becomes the maximum; four
//    accumulators keep the max chains independent;
// 2. the first allowed token whose logit equals that maximum (-0 == +0, so
//    ties of zeros also go to the lowest index). If none does, no allowed
//    token has a number: -1. An allowed -inf matches a maximum of -inf.
// Tracking (value, index) per lane in one pass costs ~7 vector ops per 16
// logits and measured 2x slower than these two memory-bound passes.
#include "CStraitKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

// Scalar tail helpers for the last `count` (< 32) tokens, starting at `start`.
static float tail_max(const float *logits, uint32_t word, size_t start, size_t count,
                      float best) {
  for (size_t i = 0; i < count; i++) {
    const float x = logits[start + i];
    if (((word >> i) & 1u) != 0 && x > best) best = x;
  }
  return best;
}

static int64_t tail_find(const float *logits, uint32_t word, size_t start, size_t count,
                         float target) {
  for (size_t i = 0; i < count; i++) {
    if (((word >> i) & 1u) != 0 && logits[start + i] == target) return (int64_t)(start + i);
  }
  return -1;
}

__attribute__((target("avx2")))
int64_t strait_kernels_argmax_f32_avx2(const float *logits, const uint32_t *mask, size_t vocab) {
  const __m256 ninf = _mm256_set1_ps(-INFINITY);
  const __m256i eight = _mm256_set1_epi32(8);
  // Shifting bit 8g+i of the word into lane i's sign (see mask_f32.c).
  const __m256i shift0 = _mm256_setr_epi32(31, 30, 29, 28, 27, 26, 25, 24);
  const __m256i shift1 = _mm256_sub_epi32(shift0, eight);
  const __m256i shift2 = _mm256_sub_epi32(shift1, eight);
  const __m256i shift3 = _mm256_sub_epi32(shift2, eight);
  const size_t words = vocab / 32;
  const size_t rest = vocab % 32;

  __m256 m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  for (size_t w = 0; w < words; w++) {
    const __m256i bits = _mm256_set1_epi32((int)mask[w]);
    const float *p = logits + w * 32;
    // Disallowed lanes become -inf (the identity of max).
#define STRAIT_KEEP(x, shift) \
  _mm256_blendv_ps(ninf, (x), _mm256_castsi256_ps(_mm256_sllv_epi32(bits, shift)))
    m0 = _mm256_max_ps(STRAIT_KEEP(_mm256_loadu_ps(p), shift0), m0);
    m1 = _mm256_max_ps(STRAIT_KEEP(_mm256_loadu_ps(p + 8), shift1), m1);
    m2 = _mm256_max_ps(STRAIT_KEEP(_mm256_loadu_ps(p + 16), shift2), m2);
    m3 = _mm256_max_ps(STRAIT_KEEP(_mm256_loadu_ps(p + 24), shift3), m3);
#undef STRAIT_KEEP
  }
  float lanes[8];
  _mm256_storeu_ps(lanes, _mm256_max_ps(_mm256_max_ps(m0, m1), _mm256_max_ps(m2, m3)));
  float best = -INFINITY;
  for (int i = 0; i < 8; i++) best = lanes[i] > best ? lanes[i] : best;
  if (rest != 0) best = tail_max(logits, mask[words], words * 32, rest, best);

  const __m256 target = _mm256_set1_ps(best);
  for (size_t w = 0; w < words; w++) {
    const float *p = logits + w * 32;
    const uint32_t hits =
        (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(p), target, _CMP_EQ_OQ)) |
        (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(p + 8), target, _CMP_EQ_OQ)) << 8 |
        (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(p + 16), target, _CMP_EQ_OQ)) << 16 |
        (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(p + 24), target, _CMP_EQ_OQ)) << 24;
    const uint32_t allowedHits = hits & mask[w];
    if (allowedHits != 0) return (int64_t)(w * 32 + (size_t)__builtin_ctz(allowedHits));
  }
  return rest != 0 ? tail_find(logits, mask[words], words * 32, rest, best) : -1;
}

__attribute__((target("avx512f")))
int64_t strait_kernels_argmax_f32_avx512(const float *logits, const uint32_t *mask,
                                         size_t vocab) {
  const __m512 ninf = _mm512_set1_ps(-INFINITY);
  const size_t words = vocab / 32;
  const size_t rest = vocab % 32;

  __m512 m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  size_t w = 0;
  for (; w + 2 <= words; w += 2) {
    const uint32_t first = mask[w];
    const uint32_t second = mask[w + 1];
    const float *p = logits + w * 32;
    // Masked max: lanes whose bit is 0 keep the accumulator.
    m0 = _mm512_mask_max_ps(m0, (__mmask16)first, _mm512_loadu_ps(p), m0);
    m1 = _mm512_mask_max_ps(m1, (__mmask16)(first >> 16), _mm512_loadu_ps(p + 16), m1);
    m2 = _mm512_mask_max_ps(m2, (__mmask16)second, _mm512_loadu_ps(p + 32), m2);
    m3 = _mm512_mask_max_ps(m3, (__mmask16)(second >> 16), _mm512_loadu_ps(p + 48), m3);
  }
  if (w < words) {  // an odd last full word
    const uint32_t word = mask[w];
    const float *p = logits + w * 32;
    m0 = _mm512_mask_max_ps(m0, (__mmask16)word, _mm512_loadu_ps(p), m0);
    m1 = _mm512_mask_max_ps(m1, (__mmask16)(word >> 16), _mm512_loadu_ps(p + 16), m1);
  }
  float best = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_max_ps(m0, m1), _mm512_max_ps(m2, m3)));
  if (rest != 0) best = tail_max(logits, mask[words], words * 32, rest, best);

  const __m512 target = _mm512_set1_ps(best);
  for (w = 0; w < words; w++) {
    const uint32_t word = mask[w];
    const float *p = logits + w * 32;
    const uint32_t hits =
        (uint32_t)_mm512_mask_cmp_ps_mask((__mmask16)word, _mm512_loadu_ps(p), target, _CMP_EQ_OQ) |
        (uint32_t)_mm512_mask_cmp_ps_mask((__mmask16)(word >> 16), _mm512_loadu_ps(p + 16), target,
                                          _CMP_EQ_OQ) << 16;
    if (hits != 0) return (int64_t)(w * 32 + (size_t)__builtin_ctz(hits));
  }
  return rest != 0 ? tail_find(logits, mask[words], words * 32, rest, best) : -1;
}

#endif  // __x86_64__
