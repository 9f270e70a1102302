// Server-set metadata: uids, timestamps, generated names, generation. Kept apart so every
// write path (create, update, patch, apply, subresources) sets them the same way.
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../kube/object.js';

// Every write stamps a few times, thousands of writes a second: one per-second cache for the
// whole emulator (src/kube/timestamp.ts).
export { isoTime as timestamp } from '../../kube/timestamp.js';

// Random bytes drawn from a pool refilled 16 KiB at a time: randomUUID refills every 128 uids
// (the refill was ~2 % of an Event create), and one randomBytes call per generated name cost
// more than the rest of the name (each is a synchronous call into OpenSSL).
const POOL_BYTES = 16 * 1024;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** The offset in `pool` of `n` (at most POOL_BYTES) random bytes no one else is given. */
function takeRandom(n: number): number {
  if (poolAt + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  poolAt += n;
  return poolAt - n;
}

/** Same format as randomUUID: RFC 4122 version 4. */
export function newUid(): string {
  const o = takeRandom(16);
  const b = pool;
  b[o + 6] = (b[o + 6] & 0x0f) | 0x40; // version 4
  b[o + 8] = (b[o + 8] & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.toString('hex', o, o + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable digits.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  const o = takeRandom(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[pool[o + i] % ALPHABET.length];
  return out;
}

/** generateName + 5 random characters, with the base cut so the name stays <= 63. */
export function generatedName(base: string): string {
  return `${base.length > 58 ? base.slice(0, 58) : base}${randomSuffix()}`;
}

const NOT_SPEC = new Set(['metadata', 'status', 'apiVersion', 'kind']);

/**
 * Whether everything but metadata and status (what a generation bump is about) serializes
 * differently, without serializing: an update keeps the live object's values
 * where it does not change them (a status write keeps the whole spec, a binding all of it
 * but nodeName), and serializing both specs was ~20 % of a binding.
 */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  return !sameJsonText(a, b, NOT_SPEC);
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** The keys JSON.stringify writes, in its order. */
function writtenKeys(o: Record<string, unknown>, skip: ReadonlySet<string> | undefined): string[] {
  const keys: string[] = [];
  for (const k of Object.keys(o)) if (!omitted(o[k]) && !skip?.has(k)) keys.push(k);
  return keys;
}

/**
 * JSON.stringify(a) === JSON.stringify(b) (top-level keys in `skip` left out), walking only
 * where the two are not the same value.
 */
export function sameJsonText(a: unknown, b: unknown, skip?: ReadonlySet<string>): boolean {
  if (a === b && !skip) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return JSON.stringify(a) === JSON.stringify(b);
  if (typeof (a as { toJSON?: unknown }).toJSON === 'function' || typeof (b as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonText(omitted(a[i]) ? null : a[i], omitted(b[i]) ? null : b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = writtenKeys(ao, skip);
  const kb = writtenKeys(bo, skip);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameJsonText(ao[ka[i]], bo[ka[i]])) return false;
  return true;
}

/** Kinds whose objects carry metadata.generation (they have a spec a controller observes). */
export function tracksGeneration(obj: KubeObject, custom: boolean): boolean {
  return custom || (obj.spec !== undefined && obj.kind !== 'Service' && obj.kind !== 'Namespace' && obj.kind !== 'Node' && obj.kind !== 'PersistentVolume' && obj.kind !== 'PersistentVolumeClaim');
}

/** Structural equality regardless of key order (JSON values only). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], bb[i])) return false;
    return true;
  }
  // Without the filtered key arrays and closures: every update compares the whole object.
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k of Object.keys(ao)) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!sameJson(v, bo[k])) return false;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) defined--;
  return defined === 0;
}
