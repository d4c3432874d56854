// Analysis: made by analyze from a Notebook, read by plan (and shown by inspect and the wizard). Plain JSON data.
import type { Diagnostic, SourceLocation } from "../diagnostics/types.ts";

export type { DType, Json, PyValue } from "../python/values.ts";
import type { DType, Json, PyValue } from "../python/values.ts";

export type CellRole =
  | "imports"
  | "data"
  | "training"
  | "preprocess"
  | "export"
  | "inference"
  | "postprocess"
  | "other";

export type ExportKind =
  | "torch.onnx.export"
  | "onnx.save"
  | "skl2onnx"
  | "tf2onnx"
  | "keras2onnx"
  | "onnxmltools"
  | "transformers"
  | "optimum"
  | "ultralytics"
  | "serialize-write"
  /** onnxruntime.quantization's quantize_dynamic/quantize_static: the quantized copy (model_output). */
  | "quantize"
  /** A shell cell (`!python -m tf2onnx.convert ... --output m.onnx`, `!yolo export ...`). */
  | "shell"
  | "onnxruntime.InferenceSession"
  /** OpenCV's DNN module loading the file (`net = cv2.dnn.readNetFromONNX(p)`), run by `net.setInput(x); net.forward()`. */
  | "cv2.dnn.readNet"
  | "onnx.load"
  /** No code names it: the only .onnx file beside the notebook. */
  | "folder";

/** A place where the notebook writes (or loads) an ONNX file. */
export interface ModelReference {
  readonly kind: ExportKind;
  readonly at: SourceLocation;
  /** The path expression as written. */
  readonly pathSource: string;
  /** Absolute path, when the expression could be resolved statically. */
  readonly path: string | null;
  /** The Python model object the file was made from (`net`, `clf`), when known. */
  readonly modelObject: string | null;
  /** `input_names=[...]` / `output_names=[...]` given at export, when literal. */
  readonly inputNames: readonly string[] | null;
  readonly outputNames: readonly string[] | null;
  /** Variable holding the session, for `InferenceSession` loads (`sess = ort.InferenceSession(p)`). */
  readonly sessionVar?: string | null;
  /** Variable holding an OpenCV DNN net, for `cv2.dnn.readNet*` loads. */
  readonly netVar?: string | null;
}

export interface PyParam {
  readonly name: string;
  /** Python source of the annotation, e.g. `list[float]`. */
  readonly annotation?: string;
  /** Python source of the default value. */
  readonly default?: string;
  readonly kind: "positional" | "keyword-only" | "var-positional" | "var-keyword";
}

/** Where a line of a recovered function came from. */
export interface SourceLine {
  readonly cell: number;
  /** 1-based line within the cell. */
  readonly line: number;
  readonly columnShift: number;
}

/** A module-level function defined in a code cell (or recovered from top-level code: see `origin`). */
export interface PyFunction {
  readonly name: string;
  readonly cell: number;
  /** 1-based line of `def` within the cell. */
  readonly line: number;
  readonly column: number;
  readonly params: readonly PyParam[];
  readonly returnAnnotation?: string;
  /** The function's source, dedented to column 0 (decorators excluded). */
  readonly source: string;
  /** 0-based line offset of `source`'s first line within the cell: cell line = offset + source line. */
  readonly lineOffset: number;
  /** Names of other notebook functions it calls. */
  readonly calls: readonly string[];
  /** Module-level names it reads (not parameters, locals, builtins or imported modules). */
  readonly globals: readonly string[];
  /**
   * For a function nb2svc wrote from the notebook's top-level code (not a `def` of the notebook): where each line of
   * `source` came from (index 0 is source line 1). A column in source line L is at column `col + columnShift` of
   * the cell line. Absent for the notebook's own functions, whose lines map through `cell` and `lineOffset`.
   */
  readonly origin?: readonly SourceLine[];
  /** Imported module aliases it uses, mapped to the module: { np: "numpy" }. */
  readonly modules: Readonly<Record<string, string>>;
}

export type ConstantSource =
  | { readonly kind: "literal"; readonly at: SourceLocation; readonly expression: string }
  | {
      readonly kind: "json-file";
      readonly at: SourceLocation;
      readonly file: string;
      readonly key: string | null;
      /**
       * How the file holds it: JSON (json.dump), .npy/.npz (np.save/np.savez), text one item per line, or a
       * joblib/pickle file (joblib.dump, pickle.dump; read by src/pickle without running anything).
       */
      readonly format?: "json" | "npy" | "npz" | "lines" | "pickle";
    }
  /** Read from a run of the notebook (`--execute`): it is computed from data and saved nowhere. */
  | { readonly kind: "executed"; readonly at: SourceLocation | null; readonly expression: string | null }
  | { readonly kind: "unresolved"; readonly at: SourceLocation | null; readonly expression: string | null };

/** A module-level value read by the translated functions. */
export interface Constant {
  readonly name: string;
  readonly source: ConstantSource;
  /** The value as JSON, or undefined when it could not be determined. */
  readonly value?: Json;
  /** The exact Python value (what code generation uses), when known. */
  readonly data?: PyValue;
  /** When the notebook holds it as a numpy array (or scalar): its dtype. */
  readonly numpy?: { readonly dtype: DType } | null;
  /** True when the Python value is a tuple (JSON loses the distinction). */
  readonly tuple?: boolean;
  /** For a value computed by code (`source.expression`): the other constants that code reads. */
  readonly dependsOn?: readonly string[];
  /** For a value computed by code: the notebook functions that code reads (a lambda calling one), translated with it. */
  readonly calls?: readonly string[];
}

/** One of the model's outputs: by name when the notebook named it (`sess.run(["label"], ...)`), else by position. */
export interface OutputRef {
  readonly index: number;
  /** When given, the planner finds the output by this name (and `index` is ignored). */
  readonly name?: string;
  /**
   * The notebook's framework gives this output without the trailing axis of 1 the ONNX graph has (a scikit-learn
   * regressor's `predict` is (n,), its skl2onnx graph's output (n, 1)).
   */
  readonly squeeze?: boolean;
}

/**
 * A model input the postprocessing reads beside the outputs (an autoencoder's reconstruction error, `np.mean((x -
 * recon) ** 2)`, reads what the model was fed): by name when the notebook fed it by name, else by position.
 */
export interface InputRef {
  readonly index: number;
  readonly name?: string;
}

/** How the model's output reaches the postprocessing function. */
export type OutputBinding =
  /** postprocess(outputs[index]) — a torch model returning one tensor, or `sess.run(...)[i]`. */
  | ({ readonly kind: "output" } & OutputRef)
  /** postprocess(outputs) — the whole list of outputs (`sess.run(None, ...)`, a tuple-returning model). */
  | { readonly kind: "all-outputs" }
  /** postprocess([outputs[i], ...]) — the outputs the notebook asked for (`sess.run([label_name], ...)`). */
  | { readonly kind: "outputs"; readonly outputs: readonly OutputRef[] };

/** How the preprocessing function's result becomes the model's inputs. */
export type InputBinding =
  /** The result is the one (or the first) model input. */
  | { readonly kind: "single" }
  /** The result is a tuple, in model input order. */
  | { readonly kind: "tuple" }
  /** The result is a dict keyed by model input names. */
  | { readonly kind: "dict" };

/** One place the notebook calls its model: the inference path. */
export interface InferenceCall {
  readonly at: SourceLocation;
  /** `net(x)`, `net.forward(x)`, `clf.predict_proba(x)`, `sess.run(None, {...})` */
  readonly source: string;
  readonly via: "model-call" | "method-call" | "session-run";
  readonly preprocess: string | null;
  readonly postprocess: string | null;
  readonly input: InputBinding;
  readonly output: OutputBinding;
  /** The postprocessing's parameters after the output(s), in order: the model's inputs it reads. */
  readonly fedInputs?: readonly InputRef[];
  /** Its parameters after those: request fields (the preprocessing's parameters of the same name) it reads. */
  readonly requestFields?: readonly string[];
}

/** A cell that runs the inference path on a literal input and shows the answer. */
export interface Golden {
  readonly cell: number;
  /** The Python call that produced the answer, e.g. `postprocess(net(preprocess([5.1, 3.5, 1.4, 0.2])))`. */
  readonly call: string;
  /** Arguments of the entry preprocessing function, keyed by its parameter names (the /predict body). */
  readonly input: { readonly [name: string]: Json };
  /** The answer the notebook showed, as JSON. */
  readonly expected: Json;
  /** The output text it was parsed from. */
  readonly outputText: string;
  /**
   * How far a number may be from `expected` because the notebook showed it rounded (`{price:.2f}`: 0.005); the
   * service's tolerance applies on top.
   */
  readonly atol?: number;
  /**
   * The input was reconstructed from data (rows of a CSV or a bundled data set the notebook picked with a seeded
   * split): checked against the service at conversion, and left out (with a note) when the two disagree.
   */
  readonly fromData?: boolean;
}

export interface Analysis {
  readonly notebook: string;
  readonly cellRoles: readonly { readonly cell: number; readonly role: CellRole }[];
  readonly imports: Readonly<Record<string, string>>;
  readonly models: readonly ModelReference[];
  /** The ONNX file chosen as the service's model (absolute path), when one was found. */
  readonly modelPath: string | null;
  readonly functions: readonly PyFunction[];
  readonly inference: readonly InferenceCall[];
  /**
   * Where the inference path came from: the notebook's own functions, recovered from top-level code (functions
   * nb2svc wrote from the notebook's lines), or none (the service takes raw tensors); and the cells it came from.
   */
  readonly inferencePath: { readonly kind: "functions" | "recovered" | "raw"; readonly cells: readonly number[] };
  readonly preprocess: string | null;
  readonly postprocess: string | null;
  /** The functions the service (or `nb2svc translate`) starts from: preprocess and postprocess by default. */
  readonly entries: readonly string[];
  /** Notebook functions the entry functions call, transitively. */
  readonly helpers: readonly string[];
  readonly constants: readonly Constant[];
  readonly goldens: readonly Golden[];
  /**
   * For an entry function that takes one table row (a recovered path that starts from rows of a DataFrame): the
   * table's columns, with their pandas dtypes where known. The request is then that record.
   */
  readonly recordColumns?: Readonly<Record<string, readonly { readonly name: string; readonly type: string | null; readonly optional?: boolean }[]>>;
  /**
   * For an entry function: the columns whose missing value (None, NaN) its path fills or tests before the model sees
   * them (`df["Age"].fillna(...)`, `df.fillna(df.median())`, a saved SimpleImputer), "*" for every column. Those
   * request fields may be null, or left out.
   */
  readonly filledColumns?: Readonly<Record<string, readonly string[] | "*">>;
  /**
   * Parameters of an entry function that are files, by function and parameter name: an `image` parameter reaches an
   * image read (`Image.open`, `cv2.imread`, ...), so the request carries the image file and the examples give it as
   * `{"$file": "relative/path.png"}`.
   */
  readonly media?: Readonly<Record<string, Readonly<Record<string, "image">>>>;
  /**
   * The recovered path ran on several rows at once (`df.iloc[:3]`): a record's answer is the one item of the answer
   * for its one-row frame.
   */
  readonly recordPerRow?: boolean;
  /** Records of real data (the first rows of the CSV the table came from): inputs for model checks. */
  readonly recordSamples?: readonly { readonly [column: string]: Json }[];
  /**
   * Python expressions whose values a run of the notebook (`--execute`) would read to make goldens: the examples a
   * recovered path ran on (`X_test[:5]`), when the notebook's text does not hold them.
   */
  readonly executeWants?: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}
