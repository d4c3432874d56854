// scikit-learn's Bunch: a dict whose keys are also attributes (`iris.target_names`, `iris["target_names"]`). The
// data sets' Bunches reach the service with their names only (their data is not needed to serve a model).
import { METHOD_NOT_FOUND } from "./pystr.ts";
import { PyDict } from "./pydict.ts";

export class Bunch extends PyDict {
  /** Dict methods are the dict's (py.callMethod dispatches PyDicts first); nothing else. */
  pyMethod(): unknown {
    return METHOD_NOT_FOUND;
  }

  pyAttr(name: string): unknown {
    return this.has(name) ? this.get(name) : METHOD_NOT_FOUND;
  }
}

/** A Bunch from its items, as a constant holding one is emitted. */
export function restoreBunch(state: PyDict): Bunch {
  const b = new Bunch();
  for (const [k, v] of state) b.set(k, v);
  return b;
}
