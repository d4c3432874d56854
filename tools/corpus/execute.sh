#!/usr/bin/env bash
# Re-execute the corpus notebooks (test/corpus/<name>/<name>.ipynb) with real Jupyter, then
# clean them for committing and check their case.json manifests.
#
#   tools/corpus/execute.sh                     # every notebook
#   tools/corpus/execute.sh house-prices iris   # only some of them
#
# Per folder: `make_data.py` (when present) rebuilds the data files the notebook reads and
# `train.py` (when present) the model a load-only notebook serves, then the
# notebook runs from its own folder with the Debian Python (torch, scikit-learn, pandas, onnx,
# nbconvert). Python's onnxruntime and skl2onnx cannot be installed here, so tools/pyshims is put
# on PYTHONPATH for this run only: its onnxruntime executes graphs with onnxruntime-node (needs
# `npm ci` at the repository root), its skl2onnx builds the graphs skl2onnx emits.
# Afterwards stderr stream outputs (warnings carry local paths) and execution timestamps are
# removed, and the run fails if any output names this machine's paths or the shims. Files that
# differ from the committed ones only by skl2onnx's random graph name or by %time timings are
# put back as committed (keep_unchanged.py), so a re-run leaves a clean tree.
# Training is seeded and single-threaded, so answers and models are identical from run to run.
set -euo pipefail

PYTHON="${PYTHON:-/usr/bin/python3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="$ROOT/test/corpus"
export PYTHONPATH="$ROOT/tools/pyshims${PYTHONPATH:+:$PYTHONPATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
export MPLBACKEND=Agg
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0

if [ ! -d "$ROOT/node_modules/onnxruntime-node" ]; then
  echo "error: onnxruntime-node is missing: run npm ci in $ROOT first" >&2
  exit 1
fi

# The answers below are only as good as the shim that computes them: check it first.
"$PYTHON" "$ROOT/tools/pyshims/onnxruntime/check_shim.py" 2>/dev/null

if [ "$#" -gt 0 ]; then
  NAMES=("$@")
else
  NAMES=()
  for d in "$CORPUS"/*/; do NAMES+=("$(basename "$d")"); done
fi

for name in "${NAMES[@]}"; do
  dir="$CORPUS/$name"
  nb="$name.ipynb"
  if [ ! -f "$dir/$nb" ]; then
    echo "error: $dir/$nb not found" >&2
    exit 1
  fi
  echo "==> $name"
  start=$(date +%s)
  if [ -f "$dir/make_data.py" ]; then
    (cd "$dir" && "$PYTHON" make_data.py)
  fi
  if [ -f "$dir/train.py" ]; then  # a notebook that only loads what a training script wrote
    (cd "$dir" && "$PYTHON" train.py 2>/dev/null)
  fi
  (cd "$dir" && "$PYTHON" -m jupyter nbconvert --to notebook --execute --inplace "$nb" --log-level=WARN)
  (cd "$dir" && "$PYTHON" "$ROOT/tools/corpus/clean_notebook.py" "$nb")
  (cd "$dir" && find . -name '*.onnx' -o -name '*.ipynb' | xargs "$PYTHON" "$ROOT/tools/corpus/keep_unchanged.py")
  echo "    executed in $(( $(date +%s) - start ))s ($(du -sk "$dir" | cut -f1) KB)"
done
"$PYTHON" "$ROOT/tools/corpus/check_cases.py" "${NAMES[@]}"
