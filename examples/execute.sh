#!/usr/bin/env bash
# Re-execute the example notebooks with real Jupyter and clean them for committing.
#
#   examples/execute.sh                 # all notebooks
#   examples/execute.sh iris sentiment  # only some of them
#
# Each notebook runs from its own folder (so the .onnx / .json artifacts it writes land
# next to it), using the Debian Python at /usr/bin/python3 (torch, sklearn, onnx, nbconvert).
# Afterwards every stderr stream output (library warnings that carry local install paths)
# and the per-cell execution timestamps are removed, and the outputs are checked for
# absolute paths of this machine.
set -euo pipefail

PYTHON="${PYTHON:-/usr/bin/python3}"
EXAMPLES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$#" -gt 0 ]; then NAMES=("$@"); else NAMES=(iris digits sentiment); fi

# Silences the ipykernel debugger's "frozen modules" note on the terminal.
export PYDEVD_DISABLE_FILE_VALIDATION=1

for name in "${NAMES[@]}"; do
  dir="$EXAMPLES_DIR/$name"
  nb="$name.ipynb"
  if [ ! -f "$dir/$nb" ]; then
    echo "error: $dir/$nb not found" >&2
    exit 1
  fi
  echo "==> executing $name/$nb"
  start=$(date +%s)
  (cd "$dir" && "$PYTHON" -m jupyter nbconvert --to notebook --execute --inplace "$nb" --log-level=WARN)
  echo "    executed in $(( $(date +%s) - start ))s"

  (cd "$dir" && "$PYTHON" - "$nb" <<'PY'
import json
import re
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    nb = json.load(f)

removed = 0
for cell in nb["cells"]:
    cell.get("metadata", {}).pop("execution", None)  # iopub timestamps: noise in diffs
    if cell["cell_type"] != "code":
        continue
    kept = [o for o in cell.get("outputs", [])
            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    removed += len(cell.get("outputs", [])) - len(kept)
    cell["outputs"] = kept

with open(path, "w", encoding="utf-8") as f:
    json.dump(nb, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")

outputs = json.dumps([c.get("outputs", []) for c in nb["cells"]])
leaks = sorted(set(re.findall(r"(?:/usr|/home|/root|/tmp|/work|/opt|/var)/[^\s\"']*", outputs)))
results = sum(1 for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "execute_result")
print(f"    removed {removed} stderr output(s); {results} execute_result(s) kept")
if leaks:
    print("    error: absolute paths left in outputs: " + ", ".join(leaks[:5]), file=sys.stderr)
    sys.exit(1)
PY
  )
  for artifact in "$dir"/*.onnx "$dir"/*.json; do
    [ -e "$artifact" ] && echo "    wrote $name/$(basename "$artifact") ($(wc -c < "$artifact") bytes)"
  done
done
echo "done: ${NAMES[*]}"
