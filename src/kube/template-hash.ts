// The hashes controllers put in names and labels (pod-template-hash, controller-revision-hash):
// FNV-1a of a stable JSON form of the template, encoded with kube's vowel-free alphabet. One
// copy for the emulator's controllers and the what-if, whose pods must be named alike.

/** kube's utilrand alphabet: no vowels (so names never spell words) and no look-alikes. */
export const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Stable JSON (sorted keys, undefined members left out) for comparing and hashing objects. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text` (hash/fnv's New32a). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString. */
function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHANUMS[text.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

/** pod-template-hash / controller-revision-hash of a template plus the collision count. */
export function templateHash(template: unknown, collisionCount?: number): string {
  return safeEncode(String(fnv32a(canonicalJson(template) + (collisionCount ? `#${collisionCount}` : ''))));
}
