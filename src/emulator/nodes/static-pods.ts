// Static pods (kubeadm's /etc/kubernetes/manifests) and the mirror pods a kubelet creates
// for them in the API, so `kubectl get pods -n kube-system` shows etcd-whale1 and friends.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../kube/object';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;
}

/** The mirror pod of a static pod manifest on `nodeName`: named <name>-<node>, owned by the Node. */
export function mirrorPod(manifest: KubeObject, nodeName: string, nodeUid: string | undefined): KubeObject {
  const hash = createHash('md5').update(JSON.stringify(manifest)).update(nodeName).digest('hex');
  const pod = structuredClone(manifest);
  pod.apiVersion = 'v1';
  pod.kind = 'Pod';
  pod.metadata = {
    ...pod.metadata,
    name: `${manifest.metadata.name}-${nodeName}`,
    namespace: manifest.metadata.namespace ?? 'kube-system',
    annotations: {
      ...(manifest.metadata.annotations ?? {}),
      [MIRROR_ANNOTATION]: hash,
      'kubernetes.io/config.hash': hash,
      'kubernetes.io/config.seen': new Date().toISOString(),
      'kubernetes.io/config.source': 'file',
    },
    ownerReferences: nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }] : undefined,
  };
  pod.spec = { ...(pod.spec ?? {}), nodeName };
  delete pod.status;
  return pod;
}
