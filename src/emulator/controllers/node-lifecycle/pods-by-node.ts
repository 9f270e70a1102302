// Pods indexed by spec.nodeName, so work per node never scans every pod of the cluster.
import type { KubeObject } from '../../../kube/object';
import { objectKey, type Informer } from '../../client/informer';

export class PodsByNode {
  private readonly byNode = new Map<string, Map<string, KubeObject>>();

  constructor(pods: Informer, onChange?: (pod: KubeObject, old?: KubeObject) => void) {
    pods.on({
      add: (pod) => {
        this.put(pod);
        onChange?.(pod);
      },
      update: (pod, old) => {
        if (old.spec?.nodeName !== pod.spec?.nodeName || idOf(old) !== idOf(pod)) this.remove(old);
        this.put(pod);
        onChange?.(pod, old);
      },
      delete: (pod) => this.remove(pod),
    });
  }

  on(node: string): KubeObject[] {
    return [...(this.byNode.get(node)?.values() ?? [])];
  }

  private put(pod: KubeObject): void {
    const node = pod.spec?.nodeName as string | undefined;
    if (!node) return;
    let m = this.byNode.get(node);
    if (!m) this.byNode.set(node, (m = new Map()));
    m.set(idOf(pod), pod);
  }

  private remove(pod: KubeObject): void {
    const node = pod.spec?.nodeName as string | undefined;
    if (!node) return;
    const m = this.byNode.get(node);
    m?.delete(idOf(pod));
    if (m?.size === 0) this.byNode.delete(node);
  }
}

/** Keyed by uid: no namespace/name string built per pod update (a test's bare pod falls back to it). */
function idOf(pod: KubeObject): string {
  return pod.metadata.uid || objectKey(pod);
}
