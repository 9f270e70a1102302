// Seeded random JSON values for the store's round-trip tests: nested objects, arrays and
// scalars drawn from a given list of tricky strings (quotes, backslashes, separators).

export interface RandomJsonOptions {
  seed: number;
  /** Strings used as values and, unless `keys` is given, as object keys. */
  strings: string[];
  /** The scalars besides a string that a leaf may be. */
  scalars: unknown[];
  /** The chance that a value above the depth limit is a leaf anyway. */
  leafChance: number;
  /** Objects get 0 .. maxKeys - 1 keys. */
  maxKeys: number;
  keys?: string[];
}

/** A generator: `random` and `pick` draw from one seeded sequence, which `value` also uses. */
export function randomJson(o: RandomJsonOptions) {
  let seed = o.seed;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const keys = o.keys ?? o.strings;
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < o.leafChance) return pick<unknown>([pick(o.strings), ...o.scalars]);
    if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let k = Math.floor(random() * o.maxKeys); k > 0; k--) obj[pick(keys)] = value(depth + 1);
    return obj;
  };
  return { random, pick, value };
}
