// The translator's static types: what it knows about a translated value at translation time, enough to type
// declarations and to call numpy directly where Python would have dispatched on the value's type.

/**
 * A value known to be a numpy array (NDArray), a plain JavaScript number (a Python int, or a float that prints as
 * one), a string, a boolean, or a Python float with an integral value (`16.0`: the runtime's WeakFloat, which numpy
 * takes as a weak scalar as it does a number).
 */
export type StaticType = "NDArray" | "number" | "string" | "boolean" | "WeakFloat";

/** `null` is "unknown" (anything); `"bottom"` is "not known yet" while types are being solved. */
export type Known = StaticType | null | "bottom";

/** The join: equal types stay, bottom yields to the other, anything else is unknown. */
export function joinTypes(a: Known, b: Known): Known {
  if (a === "bottom") return b;
  if (b === "bottom") return a;
  return a === b ? a : null;
}
