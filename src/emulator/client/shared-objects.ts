// One copy of each small object that parsed cache objects repeat. A cached pod is ~72 plain
// objects and ~30 arrays (heap snapshot of the control-loop worker, 2,000 nodes / 20,000
// pods), and many are the same in every pod of a template or of a second: its conditions
// (type, status and the timestamps of the second it was written), its default tolerations,
// resource requests, the kube-api-access volume's token/configMap/downwardAPI items, owner
// references, empty {} and []. The informers keep them for the pod's lifetime.
//
// Shared bottom-up: a LEAF (every value a string, number, boolean or null, or none at all), then
// an object or array whose values are primitives or already-shared objects (the conditions
// array, the projected volume's sources). Replacing one by an identical copy changes no value a
// reader can see and keeps key order (JSON.stringify of the cached object is unchanged). Safe
// because informer objects are read-only by contract (client-go's rule; the consumers were
// audited for in-place edits, docs/bench/s5-c.md): an edit of a shared object would show in
// every cached object holding it, so shared copies are frozen (StringInterner.keep).
//
// Found by a numeric hash the walk computes as it goes, then compared exactly (same keys in the
// same order, values ===, children by identity since they are shared copies already). A string
// key per object (JSON.stringify or hand-built) cost ~3x more: it allocated the key and its
// rope, and hashed it again in the Map.

/** Larger objects rarely repeat (and cost more to hash); they are left as parsed. */
export const MAX_SHARED_VALUES = 8;
/**
 * Nor objects with a string longer than this: image digests and container IDs (64 hex digits)
 * make their objects unique, and long text (ConfigMap data) is costly to hash.
 */
export const MAX_SHARED_STRING = 64;

/** FNV-1a steps: `hashString` over a string's code units, `hashNumber` for one 32-bit value. */
export function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ s.length, 16777619);
}
export function hashNumber(h: number, n: number): number {
  return Math.imul(h ^ n, 16777619);
}
export const HASH_SEED = 0x811c9dc5 | 0;

interface Entry {
  readonly value: object;
  /** The object's keys in order (undefined for an array). */
  readonly keys: string[] | undefined;
  readonly next: Entry | undefined;
}

/**
 * The shared copies, in two generations as StringInterner: lookups hit the current generation
 * or promote from the previous one; when the current one is full it becomes the previous one.
 * Objects seen once (a pod's {ip}, its metadata) age out; repeated ones stay.
 */
export class SharedObjects {
  private current = new Map<number, Entry>();
  private previous = new Map<number, Entry>();
  private currentSize = 0;
  private previousSize = 0;
  /** Objects replaced by an earlier identical copy (for tests and benchmarks). */
  shared = 0;

  constructor(private readonly generationSize = 16_384) {}

  /** Objects the table holds (at most twice the generation size). */
  get size(): number {
    return this.currentSize + this.previousSize;
  }

  /**
   * The table's copy of `obj`, or `obj` itself, now kept. `hash` is `obj`'s (see
   * StringInterner.share): its keys and values in order, shared children by their hashes.
   */
  share<T extends object>(obj: T, hash: number): T {
    const hit = find(this.current.get(hash), obj);
    if (hit !== undefined) {
      this.shared++;
      return hit.value as T;
    }
    const old = find(this.previous.get(hash), obj);
    if (this.currentSize >= this.generationSize) {
      this.previous = this.current;
      this.previousSize = this.currentSize;
      this.current = new Map();
      this.currentSize = 0;
    }
    if (old !== undefined) this.shared++;
    const value = old?.value ?? obj;
    this.current.set(hash, { value, keys: old?.keys ?? (Array.isArray(obj) ? undefined : Object.keys(obj)), next: this.current.get(hash) });
    this.currentSize++;
    return value as T;
  }
}

/** The entry of the chain equal to `obj`: same kind, keys in the same order, values identical. */
function find(chain: Entry | undefined, obj: object): Entry | undefined {
  for (let e = chain; e !== undefined; e = e.next) if (same(e, obj)) return e;
  return undefined;
}

function same(e: Entry, obj: object): boolean {
  const v = e.value as Record<string, unknown>;
  if (e.keys === undefined) {
    if (!Array.isArray(obj) || obj.length !== (v as unknown as unknown[]).length) return false;
    for (let i = 0; i < obj.length; i++) if (obj[i] !== (v as unknown as unknown[])[i]) return false;
    return true;
  }
  if (Array.isArray(obj)) return false;
  const o = obj as Record<string, unknown>;
  let i = 0;
  for (const k in o) {
    if (k !== e.keys[i] || o[k] !== v[k]) return false;
    i++;
  }
  return i === e.keys.length;
}
