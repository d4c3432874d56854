// Objects a pickle holds that nb2svc does not rebuild: a fitted model saved with its preprocessing
// (`joblib.dump(pipeline)`, `{"model": clf, "scaler": scaler}`) when the model itself runs from its ONNX file. The
// reader skips such an object (nothing of it is run or kept but its class name), so that the transformers and data
// beside it stay readable; translated code that uses the object itself raises, naming it.
import type { PyValue } from "../python/values.ts";

/** The value standing for an object of `cls` whose state was skipped. */
export const unrebuilt = (cls: string): PyValue => ({ k: "object", cls, state: { k: "none" } });

/** True for a value made by `unrebuilt` (fitted objects the reader builds always carry an attribute dict). */
export const isUnrebuilt = (v: PyValue): v is PyValue & { k: "object" } => v.k === "object" && v.state.k === "none";
