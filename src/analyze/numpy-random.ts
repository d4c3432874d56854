// numpy's legacy RandomState (the MT19937 generator and `permutation`), exactly, for the row selections notebooks
// make with a seed: scikit-learn's train_test_split(random_state=int) and pandas' df.sample(random_state=int) draw
// from `np.random.RandomState(seed).permutation(n)`. Used at conversion to know which rows a notebook's example was.

/** MT19937 seeded like numpy's `RandomState(seed)` for an int seed (`init_genrand`). */
class MT19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, in 32 bits (split so the product stays exact in doubles)
      this.mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  nextUint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
      mt[i] = (mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    }
    this.index = 0;
  }
}

/** numpy's `random_interval(max)`: a uniform int in [0, max] by masked rejection (max < 2**32 here). */
function randomInterval(rng: MT19937, max: number): number {
  if (max === 0) return 0;
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  mask >>>= 0;
  for (;;) {
    const value = (rng.nextUint32() & mask) >>> 0;
    if (value <= max) return value;
  }
}

/** numpy's legacy `RandomState(seed)`, for the draws scikit-learn and pandas make from it. */
export class RandomState {
  private readonly rng: MT19937;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError("seed must be between 0 and 2**32 - 1");
    this.rng = new MT19937(seed);
  }

  /** `permutation(n)`: Fisher-Yates from the end, as numpy's legacy shuffle. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** `permutation(array)`: the array's items in a shuffled order. */
  shuffle<T>(items: readonly T[]): T[] {
    if (items.length >= 2 ** 32) throw new RangeError("too many rows");
    const out = items.slice();
    for (let i = out.length - 1; i >= 1; i--) {
      const j = randomInterval(this.rng, i);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** `choice(items, size, replace=False)` without weights: the first `size` of a permutation of the positions. */
  choice<T>(items: readonly T[], size: number): T[] {
    return this.permutation(items.length).slice(0, size).map((i) => items[i]!);
  }
}

/** `np.random.RandomState(seed).permutation(n)`. */
export function permutation(seed: number, n: number): number[] {
  return new RandomState(seed).permutation(n);
}

/**
 * scikit-learn's `_approximate_mode`: how many draws each class gets, its share floored, the rest given to the largest
 * remainders (ties broken by the generator, as scikit-learn does).
 */
function approximateMode(counts: readonly number[], draws: number, rng: RandomState): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.map((r, i) => (r === value ? i : -1)).filter((i) => i >= 0);
      const now = Math.min(inds.length, need);
      for (const i of rng.choice(inds, now)) floored[i]! += 1;
      need -= now;
      if (need === 0) break;
    }
  }
  return floored;
}

/** numpy's sort order for class labels (np.unique): numbers ascending, strings by code point. */
function compareLabels(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** scikit-learn's StratifiedShuffleSplit (train_test_split with stratify=y): train and test positions. */
function stratifiedSplit(labels: readonly (number | string)[], nTrain: number, nTest: number, seed: number): { train: number[]; test: number[] } | null {
  const classes = [...new Set(labels)].sort(compareLabels);
  const index = new Map(classes.map((c, i) => [c, i]));
  const yIndices = labels.map((l) => index.get(l)!);
  const counts = classes.map((_, i) => yIndices.filter((y) => y === i).length);
  if (counts.some((c) => c < 2) || nTrain < classes.length || nTest < classes.length) return null;
  // np.argsort(y_indices, kind="mergesort") split by class: each class's positions in order
  const classIndices = classes.map((_, i) => yIndices.map((y, p) => (y === i ? p : -1)).filter((p) => p >= 0));
  const rng = new RandomState(seed);
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(counts.map((c, i) => c - nI[i]!), nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < classes.length; i++) {
    const perm = rng.permutation(counts[i]!).map((j) => classIndices[i]![j]!);
    train.push(...perm.slice(0, nI[i]!));
    test.push(...perm.slice(nI[i]!, nI[i]! + tI[i]!));
  }
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/**
 * scikit-learn's train_test_split: the positions of the train and test rows of `n` rows. `testSize`/`trainSize` as
 * given (a fraction, a count, or null for the default); null when the split cannot be known (stratify, a seed that is
 * not an int).
 */
export function trainTestSplit(
  n: number,
  testSize: number | null,
  trainSize: number | null,
  seed: number | null,
  shuffle: boolean,
  stratify: readonly (number | string)[] | null = null,
): { train: number[]; test: number[] } | null {
  const count = (size: number | null): number | null => (size === null ? null : Number.isInteger(size) && size >= 1 ? size : size > 0 && size < 1 ? size : null);
  const t = count(testSize);
  const r = count(trainSize);
  let nTest: number;
  let nTrain: number;
  if (t === null && r === null) {
    nTest = Math.ceil(0.25 * n);
    nTrain = n - nTest;
  } else {
    nTest = t === null ? NaN : t < 1 ? Math.ceil(t * n) : t;
    nTrain = r === null ? NaN : r < 1 ? Math.floor(r * n) : r;
    if (Number.isNaN(nTrain)) nTrain = n - nTest;
    if (Number.isNaN(nTest)) nTest = n - nTrain;
  }
  if (nTrain + nTest > n || nTrain <= 0 || nTest <= 0) return null;
  if (!shuffle) return stratify ? null : { train: range(0, nTrain), test: range(nTrain, nTrain + nTest) };
  if (seed === null) return null;
  if (stratify) return stratify.length === n ? stratifiedSplit(stratify, nTrain, nTest, seed) : null;
  const p = permutation(seed, n);
  return { test: p.slice(0, nTest), train: p.slice(nTest, nTest + nTrain) };
}

/** pandas' `df.sample(n=, frac=, random_state=int)` without replacement or weights: the positions drawn, in order. */
export function sampleRows(n: number, size: number | null, frac: number | null, seed: number): number[] | null {
  const k = size !== null ? size : frac !== null ? Math.round(frac * n) : 1;
  if (k > n || k < 0) return null;
  return new RandomState(seed).permutation(n).slice(0, k);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
