// Strings and names from a notebook reach generated code only as escaped literals and renamed identifiers: quotes,
// backticks, `${...}`, comment terminators, newlines and Unicode line separators stay data, and Python names that
// are reserved in TypeScript work.
import { describe, expect, it } from "vitest";
import { translatePython } from "../helpers/translated.ts";

const SOURCE = String.raw`
LABELS = ["it's", 'say "hi"', "back` + "`" + String.raw`tick", "${"$"}{process.exit(1)}", "*/ evil /*", "line\nbreak", "sep\u2028arator", "</script>", "\\\\", "\x00nul"]
def delete(new, default="x*/"):
    var = new + default
    this = [var, "${"$"}{this}"]
    typeof = len(this)
    function = lambda arguments: arguments * 2
    return {"${"$"}{key}": var, "` + "`" + String.raw`": function(typeof), "*/": LABELS, "__proto__": "kept", "constructor": 1}
`;

const PYTHON_ANSWER = String.raw`{"${"$"}{key}": "a` + "`" + String.raw`${"$"}{1}x*/", "` + "`" + String.raw`": 4, "*/": ["it's", "say \"hi\"", "back` + "`" + String.raw`tick", "${"$"}{process.exit(1)}", "*/ evil /*", "line\nbreak", "sep\u2028arator", "</script>", "\\\\", "\u0000nul"], "__proto__": "kept", "constructor": 1}`;

describe("safety of generated code", () => {
  it("keeps hostile strings as data and renames reserved words", async () => {
    const { module, fns } = await translatePython(SOURCE);
    expect(module.text).not.toContain("process.exit(1)}`");
    expect(module.text).toContain("export { deleteEntry as delete }");
    const result = JSON.stringify(fns.delete!("a`${1}"));
    // what Python 3.11 prints for json.dumps(delete("a`${1}")), recorded
    expect(JSON.parse(result)).toEqual(JSON.parse(PYTHON_ANSWER));
    const value = JSON.parse(result) as Record<string, unknown>;
    expect(value["*/"]).toContain("${process.exit(1)}");
    expect(value["__proto__"]).toBe("kept");
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
