// Fixes that more than one stage suggests, so that the same problem gets the same advice wherever it is found.

/**
 * For `name`, an object of `cls`, a class the notebook defines: nb2svc translates functions, not classes (and reads
 * pickles as data, never running a class's code), so the object's fitted values have to become plain data and its
 * methods top-level functions. `np.asarray(v).tolist()` turns numbers, numpy arrays and pandas Series alike into
 * JSON (json.dump of the object itself, or of a Series, raises TypeError). `where`: where the saving code goes.
 */
export function notebookObjectFix(name: string, cls: string, where = "in a cell after it"): string {
  const file = `${name.toLowerCase()}.json`;
  return [
    `save the values \`${name}\` holds (its attributes) as plain data ${where}, run it, and convert again:`,
    "        import json",
    "        import numpy as np",
    `        with open("${file}", "w") as f:`,
    `            json.dump({k: np.asarray(v).tolist() for k, v in vars(${name}).items()}, f)`,
    `      then write the methods of \`${cls}\` that the inference calls as top-level functions that read them (\`${name.toUpperCase()} = json.load(open("${file}"))\`); or use a scikit-learn transformer (StandardScaler, FunctionTransformer, ColumnTransformer), which nb2svc reads from joblib.dump (docs/sklearn.md)`,
  ].join("\n");
}
