// The one door from the Python half of the runtime to the numpy half (np.ts). Every Python-semantics file reaches
// numpy through here, so the numpy surface we rely on is listed in one place (and tests can stand in for it).
import * as np from "./np.ts";
import type { NDArray } from "./ndarray.ts";

export type { NDArray };

export type NpBinaryOp =
  | "+" | "-" | "*" | "/" | "//" | "%" | "**" | "@" | "&" | "|" | "^" | "<<" | ">>"
  | "==" | "!=" | "<" | "<=" | ">" | ">=";
export type NpUnaryOp = "-" | "+" | "~";

export const isNDArray = (x: unknown): x is NDArray => np.isNDArray(x);
export const npIterate = (a: NDArray): Iterable<unknown> => np.iterate(a);
export const npLen = (a: NDArray): number => np.len(a);
export const npTruthy = (a: NDArray): boolean => np.truthy(a);
export const npToNumber = (a: NDArray): number => np.toNumber(a);
export const npAttribute = (a: NDArray, name: string): unknown => np.ndarrayAttribute(a, name);
export const npMethod = (a: NDArray, name: string, args: unknown[], kwargs: Record<string, unknown>): unknown =>
  np.ndarrayMethod(a, name, args, kwargs);
export const npBinary = (op: NpBinaryOp, a: unknown, b: unknown): unknown => np.binary(op, a, b);
export const npUnary = (op: NpUnaryOp, a: unknown): unknown => np.unary(op, a);
export const npArray = (obj: unknown): NDArray => np.array(obj);
export const npToList = (a: NDArray): unknown => a.tolist();
export const npItem = (a: NDArray): unknown => a.item();
export const npGetitem = (a: NDArray, key: unknown): unknown => np.getitem(a, key);
export const npSetitem = (a: NDArray, key: unknown, value: unknown): void => np.setitem(a, key, value);
export const npContains = (a: NDArray, item: unknown): boolean => np.contains(a, item);
export const npRepr = (a: NDArray): string => np.repr(a);
export const npStr = (a: NDArray): string => np.str(a);
export const npAbs = (a: NDArray): unknown => np.abs(a);
export const npRound = (a: NDArray, ndigits: number): unknown => np.round(a, ndigits);
