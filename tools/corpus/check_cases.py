"""Check every test/corpus/<name>/case.json against its executed notebook.

For each example: the cell exists and is a code cell, its text outputs contain `displayed`
verbatim, and `answer` is what that display shows (numbers: `displayed` contains the number
as formatted; strings: contained verbatim). The model file and `input.path` files exist, and
each folder stays under 1 MB.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "test", "corpus")
KINDS = {"record", "records", "rows", "text", "texts", "file"}


def cell_text(cell):
    parts = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            parts.append("".join(o["text"]))
        elif o["output_type"] in ("execute_result", "display_data"):
            parts.append("".join(o.get("data", {}).get("text/plain", [])))
    return "\n".join(parts)


def scalars(value):
    if isinstance(value, list):
        for v in value:
            yield from scalars(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from scalars(v)
    else:
        yield value


def check(name):
    problems = []
    folder = os.path.join(CORPUS, name)
    with open(os.path.join(folder, "case.json"), encoding="utf-8") as f:
        case = json.load(f)
    with open(os.path.join(folder, case["notebook"]), encoding="utf-8") as f:
        nb = json.load(f)
    if not os.path.exists(os.path.join(folder, case["model"])):
        problems.append(f"model {case['model']} missing")
    if case.get("needs") not in ("nothing", "execute"):
        problems.append("needs must be 'nothing' or 'execute'")
    if not case.get("idioms"):
        problems.append("no idioms")
    if not case.get("examples"):
        problems.append("no examples")
    for i, ex in enumerate(case.get("examples", [])):
        where = f"example {i} (cell {ex['cell']})"
        if ex["cell"] >= len(nb["cells"]) or nb["cells"][ex["cell"]]["cell_type"] != "code":
            problems.append(f"{where}: not a code cell")
            continue
        text = cell_text(nb["cells"][ex["cell"]])
        if ex["displayed"] not in text:
            problems.append(f"{where}: displayed {ex['displayed']!r} not in output {text[:200]!r}")
        for v in scalars(ex["answer"]):
            if isinstance(v, str) and v not in ex["displayed"]:
                problems.append(f"{where}: answer {v!r} not in displayed")
        inp = ex["input"]
        if inp.get("kind") not in KINDS:
            problems.append(f"{where}: input kind {inp.get('kind')!r}")
        if inp.get("kind") == "file" and not os.path.exists(os.path.join(folder, inp["path"])):
            problems.append(f"{where}: input file {inp['path']} missing")
        if inp.get("kind") == "rows" and "columns" in inp:
            widths = {len(r) for r in inp["value"]}
            if widths != {len(inp["columns"])}:
                problems.append(f"{where}: rows of widths {widths} for {len(inp['columns'])} columns")
    size = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(folder) for fn in fns)
    if size > 1024 * 1024:
        problems.append(f"folder is {size} bytes (over 1 MB)")
    return problems


def main(names):
    if not names:
        # every notebook's folder; _data holds what several of them read, and is no case
        names = sorted(d for d in os.listdir(CORPUS) if os.path.isfile(os.path.join(CORPUS, d, "case.json")))
    failed = 0
    for name in names:
        problems = check(name)
        if problems:
            failed += 1
            for p in problems:
                print(f"{name}: {p}", file=sys.stderr)
    print(f"cases: {len(names) - failed} ok, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
