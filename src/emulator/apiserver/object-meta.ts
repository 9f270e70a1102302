// Server-set metadata: uids, timestamps, generated names, generation. Kept apart so every
// write path (create, update, patch, apply, subresources) sets them the same way.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject } from '../../kube/object.js';

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function newUid(): string {
  return randomUUID();
}

// The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable digits.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** generateName + 5 random characters, with the base cut so the name stays <= 63. */
export function generatedName(base: string): string {
  return `${base.length > 58 ? base.slice(0, 58) : base}${randomSuffix()}`;
}

/** Everything but metadata and status: what a generation bump is about. */
export function specOf(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
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
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as any)[k], (b as any)[k]));
}
