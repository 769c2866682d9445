#!/usr/bin/env bash
# Checks that the release build of the mask kernels is really vectorized.
#
# Two silent 50-300x regressions motivate this (notes/simd-limits.md): Swift
# SIMD code that compiles to a per-lane loop through the stack (32/64-lane
# vectors, comparisons with a scalar right-hand side), and a C clone that
# loses its vector ISA. The script disassembles the release objects of
# CStraitKernels and StraitKernels and fails when
#   - an AVX2 clone has no ymm instruction, an AVX-512 clone no zmm
#     instruction, the POPCNT clone no popcnt instruction;
#   - a portable Swift kernel has no packed xmm instruction;
#   - any kernel addresses the stack with an index register, e.g.
#     `cmpl $0x0, (%rsp,%r8,4)`: the per-lane loop pitfall (register spills
#     use fixed offsets and are allowed).
#
# Usage: scripts/check-kernels-vectorized.sh [--no-build]
#   (run from anywhere; builds `swift build -c release --target StraitKernels`
#   first unless --no-build). Uses llvm-objdump from /opt/swift/usr/bin or
#   PATH, else GNU objdump. Exit 0 = all good, 1 = a check failed, 2 = setup.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [[ "${1:-}" != "--no-build" ]]; then
  swift build -c release --target StraitKernels >/dev/null
fi

if [[ "$(uname -m)" != "x86_64" ]]; then
  echo "check-kernels-vectorized: x86-64 only (this is $(uname -m)); nothing checked"
  exit 0
fi

objdump_tool=""
for candidate in /opt/swift/usr/bin/llvm-objdump llvm-objdump objdump; do
  if command -v "$candidate" >/dev/null 2>&1; then objdump_tool="$candidate"; break; fi
done
if [[ -z "$objdump_tool" ]]; then
  echo "check-kernels-vectorized: no llvm-objdump or objdump found" >&2
  exit 2
fi

build="$(swift build -c release --show-bin-path)"
c_objects=("$build"/CStraitKernels.build/*.o)
swift_objects=("$build"/StraitKernels.build/*.o)
if [[ ! -e "${c_objects[0]}" || ! -e "${swift_objects[0]}" ]]; then
  echo "check-kernels-vectorized: release objects not found under $build" >&2
  exit 2
fi

listing="$(mktemp)"
trap 'rm -f "$listing"' EXIT
"$objdump_tool" -d --no-show-raw-insn "${c_objects[@]}" "${swift_objects[@]}" >"$listing"

# Prints the body of every function whose symbol matches the ERE $1.
bodies() {
  awk -v pattern="$1" '
    /^[0-9a-f]+ <.*>:$/ { name = $2; inside = (name ~ pattern); next }
    /^$/ { inside = 0 }
    inside { print }
  ' "$listing"
}

failures=0
# check LABEL SYMBOL-ERE REQUIRED-INSTRUCTION-ERE
check() {
  local label="$1" symbols="$2" required="$3" body count pitfall
  body="$(bodies "$symbols")"
  if [[ -z "$body" ]]; then
    echo "FAIL $label: symbol not found (/$symbols/)"
    failures=$((failures + 1))
    return
  fi
  count="$(grep -cE "$required" <<<"$body" || true)"
  pitfall="$(grep -E '\((%rsp|%rbp),%[a-z0-9]+,[1248]\)' <<<"$body" | head -3 || true)"
  if [[ "$count" -eq 0 ]]; then
    echo "FAIL $label: no instruction matching /$required/"
    failures=$((failures + 1))
  elif [[ -n "$pitfall" ]]; then
    echo "FAIL $label: indexed stack access (per-lane loop pitfall):"
    sed 's/^/       /' <<<"$pitfall"
    failures=$((failures + 1))
  else
    echo "ok   $label: $count vector instructions, no per-lane stack loop"
  fi
}

ymm='%ymm[0-9]+'
zmm='%zmm[0-9]+'
# Packed SSE2 operations on xmm registers (not the scalar ss/sd forms).
xmm_packed='(pand|pandn|por|pxor|pcmpeq[bwd]|pcmpgt[bwd]|pshuf[dlhw]*|punpck[a-z]+|movdq[au]|movups|movaps|andps|andnps|orps|cmp[a-z]*ps|maxps|minps)[[:space:]].*%xmm[0-9]+'

check "mask f32 avx2"          '^<strait_kernels_mask_f32_avx2>:$'     "$ymm"
check "mask f32 avx512"        '^<strait_kernels_mask_f32_avx512>:$'   "$zmm"
check "mask u16 avx2"          '^<strait_kernels_mask_u16_avx2>:$'     "$ymm"
check "mask u16 avx512"        '^<strait_kernels_mask_u16_avx512>:$'   "$zmm"
check "argmax f32 avx2"        '^<strait_kernels_argmax_f32_avx2>:$'   "$ymm"
check "argmax f32 avx512"      '^<strait_kernels_argmax_f32_avx512>:$' "$zmm"
check "popcount popcnt"        '^<strait_kernels_popcount_popcnt>:$'   'popcnt'
check "popcount avx512"        '^<strait_kernels_popcount_avx512>:$'   "$zmm"
# Swift: `PortableKernels` mangles as `08PortableB0O`; each kernel is a
# specialised body plus a thin wrapper, checked together.
check "portable mask f32"      'PortableB0O9applyMask_2to14vocabularySizeySPys6UInt32VG_SpySfG'  "$xmm_packed"
check "portable mask u16"      'PortableB0O9applyMask_2to14vocabularySize4fill'                   "$xmm_packed"
check "portable argmax f32"    'PortableB0O12maskedArgmax_4mask14vocabularySizeSiSPySfG'         "$xmm_packed"
check "portable argmax u16"    'PortableB0O12maskedArgmax_4mask14vocabularySize6format'          "$xmm_packed"

if [[ "$failures" -ne 0 ]]; then
  echo "check-kernels-vectorized: $failures check(s) failed"
  exit 1
fi
echo "check-kernels-vectorized: all kernels vectorized ($objdump_tool)"
