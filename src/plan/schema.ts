// JSON Schemas for request fields and responses, from Python annotations or from the values the notebook used.
import type { Json } from "../analyze/types.ts";
import type { ModelSignature, TensorInfo } from "../inspect/types.ts";
import type { JsonSchema } from "./types.ts";

/**
 * A schema for a Python annotation such as `list[float]`, `str`, `Optional[int]`, `dict[str, float]`; null when the
 * annotation says nothing a JSON value can be checked against (`np.ndarray`, `Any`, unknown classes).
 */
export function schemaForAnnotation(annotation: string): JsonSchema | null {
  const p = new AnnotationParser(annotation.replace(/\s+/g, ""));
  try {
    const s = p.type();
    return p.done() ? s : null;
  } catch {
    return null;
  }
}

class AnnotationParser {
  private i = 0;
  constructor(private readonly s: string) {}
  done(): boolean {
    return this.i === this.s.length;
  }
  private name(): string {
    const m = /^[A-Za-z_][\w.]*/.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxError("name expected");
    this.i += m[0].length;
    return m[0].replace(/^(typing|builtins|collections\.abc)\./, "");
  }
  private args(): (JsonSchema | null | "...")[] {
    const out: (JsonSchema | null | "...")[] = [];
    if (this.s[this.i] !== "[") return out;
    this.i++;
    for (;;) {
      if (this.s.startsWith("...", this.i)) {
        this.i += 3;
        out.push("...");
      } else out.push(this.type());
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      if (this.s[this.i] !== "]") throw new SyntaxError("] expected");
      this.i++;
      return out;
    }
  }
  type(): JsonSchema | null {
    let s = this.single();
    while (this.s[this.i] === "|") {
      this.i++;
      const other = this.single();
      s = s && other ? union(s, other) : null;
    }
    return s;
  }
  private single(): JsonSchema | null {
    if (this.s.startsWith("'", this.i) || this.s.startsWith('"', this.i)) {
      // a string annotation: parse its content
      const q = this.s[this.i]!;
      const end = this.s.indexOf(q, this.i + 1);
      const inner = schemaForAnnotation(this.s.slice(this.i + 1, end));
      this.i = end + 1;
      return inner;
    }
    const n = this.name();
    const args = this.args();
    const a0 = args[0] === "..." ? null : (args[0] ?? null);
    switch (n) {
      case "None":
        return { type: "null" };
      case "int":
        return { type: "integer" };
      case "float":
        return { type: "number" };
      case "bool":
        return { type: "boolean" };
      case "str":
        return { type: "string" };
      case "list":
      case "List":
      case "Sequence":
      case "Iterable":
      case "set":
      case "Set":
        return { type: "array", ...(a0 ? { items: a0 } : {}) };
      case "tuple":
      case "Tuple": {
        if (args.length === 2 && args[1] === "...") return { type: "array", ...(a0 ? { items: a0 } : {}) };
        if (args.length === 0) return { type: "array" };
        if (args.some((a) => a === null || a === "...")) return { type: "array", minItems: args.length, maxItems: args.length };
        return { type: "array", prefixItems: args as JsonSchema[], minItems: args.length, maxItems: args.length };
      }
      case "dict":
      case "Dict":
      case "Mapping": {
        const v = args[1] === "..." ? null : (args[1] ?? null);
        return { type: "object", ...(v ? { additionalProperties: v } : {}) };
      }
      case "Optional":
        return a0 ? union(a0, { type: "null" }) : null;
      case "Union": {
        if (args.some((a) => a === null || a === "...")) return null;
        return (args as JsonSchema[]).reduce(union);
      }
      default:
        return null;
    }
  }
}

function union(a: JsonSchema, b: JsonSchema): JsonSchema {
  return { anyOf: [...(Array.isArray(a.anyOf) ? (a.anyOf as JsonSchema[]) : [a]), b] };
}

/** The loosest useful schema that every value satisfies: JSON type and array nesting, no lengths or ranges. */
export function schemaForValues(values: readonly Json[]): JsonSchema {
  if (values.length === 0) return {};
  const kinds = new Set(values.map(kindOf));
  if (kinds.size > 1) {
    if ([...kinds].every((k) => k === "number" || k === "integer")) return { type: "number" };
    return {};
  }
  const kind = [...kinds][0]!;
  switch (kind) {
    case "integer":
    case "number":
      // integers in an example do not make the field integer-only: numpy converts either
      return { type: "number" };
    case "array": {
      const items = values.flatMap((v) => v as Json[]);
      return items.length ? { type: "array", items: schemaForValues(items) } : { type: "array" };
    }
    case "object":
      return { type: "object" };
    default:
      return { type: kind };
  }
}

function kindOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/**
 * Like schemaForValues, but objects keep their keys: `properties` for every key seen, `required` for the keys every
 * example has. Describes responses (what clients may rely on), not requests, so unseen keys stay allowed.
 */
export function schemaForResponses(values: readonly Json[]): JsonSchema {
  if (values.length === 0 || !values.every((v) => v !== null && typeof v === "object" && !Array.isArray(v))) {
    if (values.length > 0 && values.every(Array.isArray)) {
      const items = values.flatMap((v) => v as Json[]);
      return items.length ? { type: "array", items: schemaForResponses(items) } : { type: "array" };
    }
    return schemaForValues(values);
  }
  const objects = values as readonly { readonly [key: string]: Json }[];
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const properties: { [key: string]: JsonSchema } = {};
  for (const k of keys) properties[k] = schemaForResponses(objects.filter((o) => Object.hasOwn(o, k)).map((o) => o[k]!));
  const required = keys.filter((k) => objects.every((o) => Object.hasOwn(o, k)));
  return { type: "object", properties, required };
}

/** The JSON type of one element of a tensor. */
export function elementSchema(dtype: TensorInfo["dtype"]): JsonSchema {
  return dtype === "bool" ? { type: "boolean" } : dtype === "string" ? { type: "string" } : dtype.startsWith("float") ? { type: "number" } : { type: "integer" };
}

/** Nested arrays of the tensor's element type; fixed dimensions become exact lengths. */
export function tensorSchema(t: TensorInfo): JsonSchema {
  return [...t.shape].reverse().reduce<JsonSchema>((inner, dim) => {
    const s: { [k: string]: Json | JsonSchema } = { type: "array", items: inner };
    if (typeof dim === "number") {
      s.minItems = dim;
      s.maxItems = dim;
    } else s.minItems = 1;
    return s;
  }, elementSchema(t.dtype));
}

/** A model whose inputs are all columns ([N, 1], N free): a request can be a record with one value per input. */
export function isColumnar(inputs: readonly TensorInfo[]): boolean {
  return inputs.length > 0 && inputs.every((t) => t.shape.length === 2 && typeof t.shape[0] !== "number" && t.shape[1] === 1);
}

/** One record's field for a column input: its element type, or null too where the model imputes NaN. */
export function columnSchema(t: TensorInfo): JsonSchema {
  const leaf = elementSchema(t.dtype);
  return t.nullable && t.dtype.startsWith("float") ? { type: [leaf.type as string, "null"] } : leaf;
}

/** A classifier's answer for one row: its label and {class: probability} for every class, in class order. */
function classifierRow(sig: ModelSignature): JsonSchema {
  const c = sig.classifier!;
  const probabilities: { [k: string]: JsonSchema } = Object.create(null);
  for (const k of c.classes) probabilities[String(k)] = { type: "number" };
  return {
    type: "object",
    properties: {
      label: elementSchema(sig.outputs[c.label]!.dtype),
      probabilities: { type: "object", properties: probabilities, required: c.classes.map(String), additionalProperties: false },
    },
    required: ["label", "probabilities"],
    additionalProperties: false,
  };
}

/** Each output's values for one row (the output without its first axis). */
function outputsRow(sig: ModelSignature): JsonSchema {
  const properties: { [k: string]: JsonSchema } = Object.create(null);
  for (const o of sig.outputs) properties[o.name] = tensorSchema({ ...o, shape: o.shape.slice(1) });
  return { type: "object", properties, required: sig.outputs.map((o) => o.name), additionalProperties: false };
}

/**
 * The /predict answer when no postprocessing function shapes it: a classifier's {label, probabilities} per row,
 * else the outputs by name. A records request is answered per record (one object for one record, a list for a list);
 * a classifier fed whole tensors answers a list of rows; other models fed tensors answer each output whole.
 */
export function rawResponseSchema(sig: ModelSignature, records: boolean): JsonSchema {
  if (sig.classifier) {
    const row = classifierRow(sig);
    return records ? { anyOf: [row, { type: "array", items: row }] } : { type: "array", items: row };
  }
  if (records) {
    const row = outputsRow(sig);
    return { anyOf: [row, { type: "array", items: row }] };
  }
  const properties: { [k: string]: JsonSchema } = Object.create(null);
  for (const o of sig.outputs) properties[o.name] = tensorSchema(o);
  return { type: "object", properties, required: sig.outputs.map((o) => o.name), additionalProperties: false };
}

/** The nested lengths of a rectangular array ([8, 8] for 8 rows of 8 numbers), or null (not an array, or ragged). */
export function arrayShape(v: Json): number[] | null {
  if (!Array.isArray(v)) return null;
  if (v.length === 0 || !Array.isArray(v[0])) return v.every((x) => !Array.isArray(x)) ? [v.length] : null;
  const inner = v.map(arrayShape);
  const first = inner[0];
  if (!first || inner.some((s) => !s || s.join() !== first.join())) return null;
  return [v.length, ...first];
}

/**
 * `schema` with exact lengths (minItems = maxItems) at every level the examples pin: every example has the same
 * nested shape, and that shape holds exactly as many numbers as one row of the model's only input (all of its
 * dimensions past the first fixed), so that no other shape could become the model's input. Then a request of the
 * wrong shape is refused by the schema, naming the field, before the notebook's code runs. Otherwise unchanged.
 */
export function sizedSchema(schema: JsonSchema, examples: readonly Json[], inputs: readonly TensorInfo[]): JsonSchema {
  if (schema.type !== "array" || examples.length === 0 || inputs.length !== 1) return schema;
  const rowDims = inputs[0]!.shape.slice(1);
  if (rowDims.length === 0 || !rowDims.every((d): d is number => typeof d === "number")) return schema;
  const shapes = examples.map(arrayShape);
  const shape = shapes[0];
  if (!shape || shapes.some((s) => !s || s.join() !== shape.join())) return schema;
  const count = (dims: readonly number[]) => dims.reduce((n, d) => n * d, 1);
  if (count(shape) !== count(rowDims)) return schema;
  const fix = (s: JsonSchema, dims: readonly number[]): JsonSchema => {
    if (dims.length === 0 || s.type !== "array") return s;
    const items = s.items && typeof s.items === "object" && !Array.isArray(s.items) ? fix(s.items as JsonSchema, dims.slice(1)) : s.items;
    return { ...s, ...(items !== undefined ? { items } : {}), minItems: dims[0]!, maxItems: dims[0]! };
  };
  return fix(schema, shape);
}
