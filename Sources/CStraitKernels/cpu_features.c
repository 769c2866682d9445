// Runtime ISA detection for the kernel clones (see CStraitKernels.h).
#include "CStraitKernels.h"

#if defined(__x86_64__)

// `__builtin_cpu_supports` reads the cpuid data that the compiler runtime
// gathers at load time, including the OS check (XGETBV) that AVX and AVX-512
// register state is saved, so a feature reported here is safe to use.
static uint32_t detect(void) {
  __builtin_cpu_init();
  uint32_t features = 0;
  if (__builtin_cpu_supports("avx2")) features |= STRAIT_CPU_AVX2;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
    features |= STRAIT_CPU_AVX512;
  if (__builtin_cpu_supports("popcnt")) features |= STRAIT_CPU_POPCNT;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq"))
    features |= STRAIT_CPU_AVX512_VPOPCNTDQ;
  return features;
}

uint32_t strait_kernels_cpu_features(void) {
  // A benign race: every thread computes the same value. Swift caches the
  // result anyway; this keeps direct C callers cheap.
  static volatile uint32_t cached = 0;  // bit 31 marks "computed"
  uint32_t value = cached;
  if (value == 0) {
    value = detect() | 0x80000000u;
    cached = value;
  }
  return value & 0x7FFFFFFFu;
}

#else

uint32_t strait_kernels_cpu_features(void) { return 0; }

#endif
