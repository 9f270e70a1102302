// One copy of each string that parsed cache objects repeat. JSON.parse shares only very short
// values (up to 10 characters in Node 20's V8), so every cached pod held its own copy of its
// timestamps (shared by every object written in the same second), its service-account mount
// path, toleration keys, node name, host IP, image and condition types. The informers keep one
// parsed object per live pod (150,000 at scale) for as long as the pod lives, so those copies
// were a large part of the heap; a copy that is dropped right after parsing also dies young
// instead of being copied by the scavenger and promoted.

/** Shorter strings are shared by JSON.parse already; longer ones are rarely repeated. */
const MIN_LENGTH = 11;
const MAX_LENGTH = 96;

/**
 * A bounded intern table in two generations: lookups hit the current generation or promote
 * from the previous one; when the current one is full it becomes the previous one. Strings
 * seen once (uids, pod IPs) age out; strings repeated across objects stay.
 */
export class StringInterner {
  private current = new Map<string, string>();
  private previous = new Map<string, string>();

  constructor(private readonly generationSize = 32_768) {}

  /** Strings the table holds (at most twice the generation size). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  intern(s: string): string {
    const hit = this.current.get(s);
    if (hit !== undefined) return hit;
    const old = this.previous.get(s);
    const kept = old ?? s;
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(kept, kept);
    return kept;
  }

  /** Replaces, in place, every string value of `value` (a JSON.parse result) by its interned copy. */
  internValues<T>(value: T): T {
    this.walk(value);
    return value;
  }

  private walk(v: unknown): void {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        if (typeof e === 'string') {
          if (e.length >= MIN_LENGTH && e.length <= MAX_LENGTH) v[i] = this.intern(e);
        } else if (e !== null && typeof e === 'object') this.walk(e);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const e = o[k];
      if (typeof e === 'string') {
        if (e.length >= MIN_LENGTH && e.length <= MAX_LENGTH) o[k] = this.intern(e);
      } else if (e !== null && typeof e === 'object') this.walk(e);
    }
  }
}
