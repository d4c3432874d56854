// Python libraries beyond numpy, math and re (PIL, OpenCV, torchvision, Keras preprocessing, scikit-learn, pandas,
// the `string` module's constants, unicodedata):
// what analyze and translate know about their names. Made by the per-library tables in this folder, read by
// analyze (which calls are pure, so constants can be built from them) and translate (what each name becomes).

/** A library function (or class constructor) that translated code calls as a runtime export. */
export interface LibraryFunction {
  readonly kind: "function";
  /** The runtime module that exports it, relative to src/runtime, without `.ts`: `image/pil`. */
  readonly module: string;
  /** The export's name in that module. */
  readonly name: string;
  /**
   * Python's parameter names in positional order: positional arguments bind in this order, keywords by name, and
   * the runtime function receives them in this order (`undefined` where Python used the default).
   */
  readonly params: readonly string[];
  /** Calling it changes nothing and depends only on its arguments: a module constant may be built with it. */
  readonly pure?: boolean;
}

/** A library constant (`Image.BILINEAR`, `cv2.INTER_AREA`), emitted as its literal value. */
export interface LibraryConstant {
  readonly kind: "constant";
  readonly value: number | string | boolean | null;
}

/**
 * A library class whose fitted instances the notebook saves (joblib, pickle) and the service reads back: the
 * runtime export that rebuilds an instance from its attributes (`restore(state)`).
 */
export interface LibraryClass {
  readonly kind: "class";
  readonly module: string;
  /** The export that takes the instance's attribute dict (a PyDict of Python values) and returns the object. */
  readonly restore: string;
}

/** A library value that is an object of the runtime (`pd.NaT`): emitted as that runtime export. */
export interface LibraryValue {
  readonly kind: "value";
  readonly module: string;
  readonly name: string;
}

export type LibraryEntry = LibraryFunction | LibraryConstant | LibraryClass | LibraryValue;

/** Qualified Python names (`PIL.Image.open`, `sklearn.preprocessing._data.StandardScaler`) to what they are. */
export type LibraryTable = Readonly<Record<string, LibraryEntry>>;
