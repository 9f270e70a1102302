// "Diff with Cluster" must never put a Secret's values on screen (a diff editor is easy to
// screenshot or share). As kubectl diff does, each value becomes "***", keys stay, and a value
// that differs between the two sides shows as "*** (before)" / "*** (after)".
import type { KubeObject } from '../kube/object';

export const MASK = '***';
const SECRET_FIELDS = ['data', 'stringData'] as const;

function isSecret(o: KubeObject | undefined): o is KubeObject {
  return !!o && o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
}

function valuesOf(o: KubeObject | undefined, field: string): Record<string, unknown> | undefined {
  const v = (o as Record<string, unknown> | undefined)?.[field];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Both sides with Secret values masked; objects that are not Secrets come back unchanged. */
export function maskSecretPair(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): { before: KubeObject | undefined; after: KubeObject | undefined } {
  if (!isSecret(before) && !isSecret(after)) return { before, after };
  const left = before && isSecret(before) ? (structuredClone(before) as KubeObject) : before;
  const right = after && isSecret(after) ? (structuredClone(after) as KubeObject) : after;
  for (const field of SECRET_FIELDS) {
    const l = isSecret(left) ? valuesOf(left, field) : undefined;
    const r = isSecret(right) ? valuesOf(right, field) : undefined;
    // Compare before masking: which keys hold a different value on the two sides.
    const changed = new Set(Object.keys(l ?? {}).filter((k) => r !== undefined && k in r && r[k] !== l![k]));
    for (const key of Object.keys(l ?? {})) l![key] = changed.has(key) ? `${MASK} (before)` : MASK;
    for (const key of Object.keys(r ?? {})) r![key] = changed.has(key) ? `${MASK} (after)` : MASK;
  }
  return { before: left, after: right };
}
