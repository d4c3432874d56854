/**
 * The files of a conversion that two conversions of the same notebook do not write byte for byte: V8's code cache of
 * the service's app, which holds the functions that ran while it was made, in tables V8 hashes with a seed of each
 * process. Tests that compare two conversions compare these by presence; the service's own bundle test checks that a
 * start uses the cache.
 */
export const NOT_REPRODUCIBLE: ReadonlySet<string> = new Set(["dist/app.cjs.cache"]);
