// A CustomResourceDefinition's status as the apiextensions controllers set it. There is no
// separate controller here: the API server accepts names and establishes the CRD as part of
// the write, so its kinds are served as soon as the create returns.
import type { KubeObject } from '../../kube/object.js';
import { timestamp } from './object-meta.js';
import type { ResourceRegistry } from './registry.js';

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: number, old?: any): Record<string, string> {
  const prev = (old?.status?.conditions ?? []).find((c: any) => c.type === type);
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : timestamp(now);
  return { type, status, lastTransitionTime, reason, message };
}

export function prepareCustomResourceDefinition(registry: ResourceRegistry, crd: KubeObject, now: number, old?: KubeObject): void {
  const spec = crd.spec ?? {};
  const names = { ...(spec.names ?? {}) };
  if (names.kind && !names.listKind) names.listKind = `${names.kind}List`;
  if (names.kind && !names.singular) names.singular = String(names.kind).toLowerCase();
  let conflict: string | undefined;
  for (const r of registry.all()) {
    if (r.crdName !== crd.metadata.name && r.group === spec.group && (r.plural === names.plural || r.kind === names.kind)) {
      conflict = `"${names.plural}" is already in use`;
    }
  }
  const storage = (spec.versions ?? []).find((v: any) => v.storage)?.name;
  const storedVersions: string[] = [...(old?.status?.storedVersions ?? [])];
  if (storage && !storedVersions.includes(storage)) storedVersions.push(storage);
  crd.status = {
    conditions: conflict
      ? [condition('NamesAccepted', 'False', 'ListKindConflict', conflict, now, old), condition('Established', 'False', 'NotAccepted', 'not all names are accepted', now, old)]
      : [
          condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now, old),
          condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', now, old),
        ],
    acceptedNames: conflict ? (old?.status?.acceptedNames ?? { plural: '', kind: '' }) : names,
    storedVersions,
  };
}

export function isEstablished(crd: KubeObject): boolean {
  return (crd.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
}
