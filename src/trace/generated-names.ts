// Names the workload controllers would give the pods of a what-if. Real controllers use a
// random 5-character suffix (generateName) and a hash of the pod template; a what-if must
// give the same names on every run, so both come from FNV-1a hashes here.
import type { KubeObject } from '../kube/object';

// kube's utilrand alphabet: no vowels (so names never spell words) and no look-alikes.
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text`. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString of the hash's decimal digits, as pod-template-hash looks. */
export function templateHash(template: unknown): string {
  const digits = String(fnv32a(canonicalJson(template)));
  let out = '';
  for (let i = 0; i < digits.length; i++) out += SAFE_ALPHANUMS[digits.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

/** A 5-character generateName suffix derived from the owner and the pod's ordinal. */
export function nameSuffix(seed: string, ordinal: number): string {
  // Five base-27 digits of a 32-bit hash: 27^5 (14.3 million) names, all of them reachable.
  let h = fnv32a(`${seed}#${ordinal}`);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHANUMS[h % SAFE_ALPHANUMS.length];
    h = Math.floor(h / SAFE_ALPHANUMS.length);
  }
  return out;
}

/** Stable JSON (sorted keys) so equal templates hash equally whatever their key order. */
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

/** `Deployment/web`, how placements and problems name the document a pod comes from. */
export function documentName(obj: KubeObject | undefined): string {
  const kind = typeof obj?.kind === 'string' && obj.kind ? obj.kind : 'Object';
  const name = typeof obj?.metadata?.name === 'string' && obj.metadata.name ? obj.metadata.name : obj?.metadata?.generateName ? `${obj.metadata.generateName}*` : '(no name)';
  return `${kind}/${name}`;
}
