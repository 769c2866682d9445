// Masked argmax over Float32 logits: AVX2 and AVX-512 clones.
//
// Each vector lane keeps its own best value and index. A lane takes a new
// element when the element is allowed and either beats the lane's best
// (ordered >, so NaN never wins) or is the lane's first allowed non-NaN
// element (so an allowed -inf still counts). Strict > keeps the earliest
// index per lane; the final reduction breaks cross-lane ties by index, which
// gives the lowest index of the maximum overall.
#include "CStraitKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

// Folds per-lane candidates and then the scalar tail into one answer.
static int64_t reduce_lanes(const float *best, const int32_t *index, int lanes) {
  int64_t winner = -1;
  float value = 0;
  for (int lane = 0; lane < lanes; lane++) {
    if (index[lane] < 0) continue;
    if (winner < 0 || best[lane] > value || (best[lane] == value && index[lane] < winner)) {
      winner = index[lane];
      value = best[lane];
    }
  }
  return winner;
}

// The tail tokens all have larger indices than any vector candidate, so a
// strict > keeps the first occurrence.
static int64_t scan_tail(const float *logits, uint32_t word, size_t start, size_t count,
                         int64_t winner) {
  float value = winner >= 0 ? logits[winner] : 0;
  for (size_t i = 0; i < count; i++) {
    if (((word >> i) & 1u) == 0) continue;
    const float x = logits[start + i];
    if (isnan(x)) continue;
    if (winner < 0 || x > value) {
      winner = (int64_t)(start + i);
      value = x;
    }
  }
  return winner;
}

__attribute__((target("avx2")))
int64_t strait_kernels_argmax_f32_avx2(const float *logits, const uint32_t *mask, size_t vocab) {
  __m256 best = _mm256_set1_ps(-INFINITY);
  __m256i bestIndex = _mm256_set1_epi32(-1);
  __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i step = _mm256_set1_epi32(8);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i shift0 = _mm256_setr_epi32(31, 30, 29, 28, 27, 26, 25, 24);
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    const __m256i word = _mm256_set1_epi32((int)mask[w]);
    __m256i shift = shift0;
    for (int group = 0; group < 4; group++) {
      const __m256 x = _mm256_loadu_ps(logits + w * 32 + (size_t)group * 8);
      // All-ones in lanes whose token is allowed.
      const __m256 allowed =
          _mm256_castsi256_ps(_mm256_srai_epi32(_mm256_sllv_epi32(word, shift), 31));
      const __m256 greater = _mm256_cmp_ps(x, best, _CMP_GT_OQ);
      const __m256 laneEmpty = _mm256_castsi256_ps(_mm256_cmpgt_epi32(zero, bestIndex));
      const __m256 first = _mm256_and_ps(_mm256_cmp_ps(x, x, _CMP_ORD_Q), laneEmpty);
      const __m256 take = _mm256_and_ps(allowed, _mm256_or_ps(greater, first));
      best = _mm256_blendv_ps(best, x, take);
      bestIndex = _mm256_castps_si256(
          _mm256_blendv_ps(_mm256_castsi256_ps(bestIndex), _mm256_castsi256_ps(index), take));
      index = _mm256_add_epi32(index, step);
      shift = _mm256_sub_epi32(shift, step);
    }
  }
  float bestLanes[8];
  int32_t indexLanes[8];
  _mm256_storeu_ps(bestLanes, best);
  _mm256_storeu_si256((__m256i *)indexLanes, bestIndex);
  int64_t winner = reduce_lanes(bestLanes, indexLanes, 8);
  const size_t rest = vocab % 32;
  if (rest != 0) winner = scan_tail(logits, mask[words], words * 32, rest, winner);
  return winner;
}

__attribute__((target("avx512f")))
int64_t strait_kernels_argmax_f32_avx512(const float *logits, const uint32_t *mask,
                                         size_t vocab) {
  __m512 best = _mm512_set1_ps(-INFINITY);
  __m512i bestIndex = _mm512_set1_epi32(-1);
  __m512i index = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i step = _mm512_set1_epi32(16);
  const __m512i zero = _mm512_setzero_si512();
  const size_t words = vocab / 32;
  for (size_t w = 0; w < words; w++) {
    const uint32_t word = mask[w];
    for (int half = 0; half < 2; half++) {
      const __mmask16 allowed = (__mmask16)(word >> (16 * half));
      const __m512 x = _mm512_loadu_ps(logits + w * 32 + (size_t)half * 16);
      const __mmask16 greater = _mm512_mask_cmp_ps_mask(allowed, x, best, _CMP_GT_OQ);
      const __mmask16 first = _mm512_mask_cmp_ps_mask(allowed, x, x, _CMP_ORD_Q) &
                              _mm512_cmplt_epi32_mask(bestIndex, zero);
      const __mmask16 take = greater | first;
      best = _mm512_mask_mov_ps(best, take, x);
      bestIndex = _mm512_mask_mov_epi32(bestIndex, take, index);
      index = _mm512_add_epi32(index, step);
    }
  }
  float bestLanes[16];
  int32_t indexLanes[16];
  _mm512_storeu_ps(bestLanes, best);
  _mm512_storeu_si512(indexLanes, bestIndex);
  int64_t winner = reduce_lanes(bestLanes, indexLanes, 16);
  const size_t rest = vocab % 32;
  if (rest != 0) winner = scan_tail(logits, mask[words], words * 32, rest, winner);
  return winner;
}

#endif  // __x86_64__
