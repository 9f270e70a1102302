// One copy of each string that parsed cache objects repeat. JSON.parse shares only very short
// values (up to 10 characters in Node 20's V8), so every cached pod held its own copy of its
// timestamps (shared by every object written in the same second), its service-account mount
// path, toleration keys, node name, host IP, image and condition types. The informers keep one
// parsed object per live pod (150,000 at scale) for as long as the pod lives, so those copies
// were a large part of the heap; a copy that is dropped right after parsing also dies young
// instead of being copied by the scavenger and promoted.

import { HASH_SEED, hashNumber, hashString, MAX_SHARED_STRING, MAX_SHARED_VALUES, type SharedObjects } from './shared-objects';

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

  /**
   * `objects`: also share identical small objects (shared-objects.ts) in the same walk, so the
   * cache holds one copy of each. Only for objects nobody edits (informer caches).
   */
  constructor(
    private readonly generationSize = 32_768,
    private readonly objects?: SharedObjects,
  ) {}

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

  /**
   * Replaces, in place, every string value of `value` (a JSON.parse result) by its interned
   * copy and, with an object table, every small object below the top by the table's copy.
   */
  internValues<T>(value: T): T {
    if (value !== null && typeof value === 'object') {
      if (this.objects === undefined) this.walk(value);
      else if (this.share(value, this.objects) !== undefined) this.internOwn(value);
    }
    return value;
  }

  /** The hash of the child shareChild last returned. */
  private childHash = 0;

  /** Interns the strings of `v`. */
  private walk(v: object): void {
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

  /**
   * Replaces the children of `v` by their shared copies, bottom-up, and returns `v`'s hash when
   * `v` may be shared itself (small, every value primitive or shared), else undefined after
   * interning `v`'s strings. The caller interns the strings of a hashed `v` only if the table
   * keeps it (most are dropped for an earlier copy: 10 % of the walk saved). The hash covers the
   * kind, each key and value in order, and shared children by their own hash; the table
   * compares exactly, so a collision costs a comparison, never a wrong copy.
   */
  private share(v: object, objects: SharedObjects): number | undefined {
    let h: number | undefined;
    if (Array.isArray(v)) {
      h = v.length <= MAX_SHARED_VALUES ? hashNumber(HASH_SEED, 91) : undefined;
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        if (typeof e === 'string') {
          if (h !== undefined) h = e.length <= MAX_SHARED_STRING ? hashString(hashNumber(h, 34), e) : undefined;
        } else if (e !== null && typeof e === 'object') {
          const kept = this.shareChild(e, objects);
          if (kept === undefined) h = undefined;
          else {
            if (kept !== e) v[i] = kept;
            if (h !== undefined) h = hashNumber(hashNumber(h, 64), this.childHash);
          }
        } else if (h !== undefined) h = hashPrimitive(h, e as number | boolean | null);
      }
    } else {
      const o = v as Record<string, unknown>;
      h = hashNumber(HASH_SEED, 123);
      let n = 0;
      for (const k in o) {
        if (++n > MAX_SHARED_VALUES) h = undefined;
        const e = o[k];
        if (typeof e === 'string') {
          if (h !== undefined) h = e.length <= MAX_SHARED_STRING ? hashString(hashString(h, k), e) : undefined;
        } else if (e !== null && typeof e === 'object') {
          const kept = this.shareChild(e, objects);
          if (kept === undefined) h = undefined;
          else {
            if (kept !== e) o[k] = kept;
            if (h !== undefined) h = hashNumber(hashString(h, k), this.childHash);
          }
        } else if (h !== undefined) h = hashPrimitive(hashString(h, k), e as number | boolean | null);
      }
    }
    if (h !== undefined) return h;
    this.internOwn(v);
    return undefined;
  }

  /**
   * The shared copy of child `e` (kept itself when it is the first), its hash in `childHash`
   * (a field, not a returned pair: no allocation per child); undefined when `e` is not shareable.
   */
  private shareChild(e: object, objects: SharedObjects): object | undefined {
    const h = this.share(e, objects);
    if (h === undefined) return undefined;
    const kept = objects.share(e, h);
    if (kept === e) this.keep(e);
    this.childHash = h;
    return kept;
  }

  /**
   * A new shared copy: its strings interned, then frozen, so that a consumer editing a cached
   * object in place (which would edit every object sharing it) throws in tests instead
   * (modules are strict). Measured within noise: ~1 us of ~30 us per pod walk.
   */
  private keep(v: object): void {
    this.internOwn(v);
    Object.freeze(v);
  }

  /** Interns the strings held directly by `v` (its children were handled by `share`). */
  private internOwn(v: object): void {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        if (typeof e === 'string' && e.length >= MIN_LENGTH && e.length <= MAX_LENGTH) v[i] = this.intern(e);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const e = o[k];
      if (typeof e === 'string' && e.length >= MIN_LENGTH && e.length <= MAX_LENGTH) o[k] = this.intern(e);
    }
  }
}

function hashPrimitive(h: number, v: number | boolean | null): number {
  if (typeof v === 'number') return hashNumber(hashNumber(h, 35), v === (v | 0) ? v : Math.floor(v * 4096) | 0);
  return hashNumber(h, v === null ? 110 : v ? 116 : 102);
}
