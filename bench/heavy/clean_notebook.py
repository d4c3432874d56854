# Drops stderr stream outputs (library warnings carrying local install paths) and per-cell execution timestamps from
# an executed notebook, as examples/execute.sh does, and fails if an output still holds an absolute path.
import json
import re
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    nb = json.load(f)
for cell in nb["cells"]:
    cell.get("metadata", {}).pop("execution", None)
    if cell["cell_type"] == "code":
        cell["outputs"] = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
with open(path, "w", encoding="utf-8") as f:
    json.dump(nb, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")
leaks = sorted(set(re.findall(r"(?:/usr|/home|/root|/tmp|/work|/opt|/var)/[^\s\"']*", json.dumps([c.get("outputs", []) for c in nb["cells"]]))))
if leaks:
    sys.exit("absolute paths left in outputs: " + ", ".join(leaks[:5]))
