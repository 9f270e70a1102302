// A DaemonSet's (and StatefulSet's) revisions as ControllerRevisions `<name>-<hash>`, whose
// data is the template patch `kubectl rollout history|undo` reads and applies.
import type { KubeObject } from '../../../kube/object';
import type { LoopbackClient } from '../../client/loopback-client';
import { isAlreadyExists } from '../../client/loopback-client';
import { R } from '../../client/paths';
import { controllerRef, templateHash } from '../controller-ref';

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

export function revisionData(owner: KubeObject): unknown {
  return { spec: { template: { ...structuredClone(owner.spec?.template ?? {}), $patch: 'replace' } } };
}

/** Finds or creates the ControllerRevision of the owner's current template; returns its hash. */
export async function ensureCurrentRevision(client: LoopbackClient, owner: KubeObject, revisions: KubeObject[]): Promise<{ hash: string; revision: KubeObject }> {
  const hash = templateHash(owner.spec?.template, owner.status?.collisionCount as number | undefined);
  const name = `${owner.metadata.name}-${hash}`;
  const max = revisions.reduce((m, r) => Math.max(m, (r.revision as number | undefined) ?? 0), 0);
  const existing = revisions.find((r) => r.metadata.name === name);
  if (existing) {
    if ((existing.revision ?? 0) < max) {
      // Rolling back to an old template makes its revision the newest again.
      const updated = await client.update<KubeObject>({ ...R.controllerRevisions, namespace: owner.metadata.namespace, name }, { ...existing, revision: max + 1 });
      return { hash, revision: updated };
    }
    return { hash, revision: existing };
  }
  const body: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name, namespace: owner.metadata.namespace, labels: { ...(owner.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash }, ownerReferences: [controllerRef(owner)] },
    data: revisionData(owner),
    revision: max + 1,
  };
  try {
    return { hash, revision: await client.create<KubeObject>({ ...R.controllerRevisions, namespace: owner.metadata.namespace }, body) };
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    return { hash, revision: await client.get<KubeObject>({ ...R.controllerRevisions, namespace: owner.metadata.namespace, name }) };
  }
}
