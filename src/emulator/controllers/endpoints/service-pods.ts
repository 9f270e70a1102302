// What the endpoints and endpointslice controllers share: pods indexed by namespace, the
// Services a pod change concerns (only changes that move an endpoint), and how a Service
// port's targetPort resolves against a pod's containers.
import type { KubeObject } from '../../../kube/object';
import { matchesLabels, type LabelSelector } from '../../../kube/selectors';
import { objectKey, type Informer } from '../../client/informer';
import { isPodReady } from '../controller-ref';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export function serviceSelector(svc: KubeObject): LabelSelector | undefined {
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  if (!sel || Object.keys(sel).length === 0 || svc.spec?.type === 'ExternalName') return undefined;
  return Object.entries(sel).map(([key, value]) => ({ key, operator: '=' as const, values: [value] }));
}

/** The pod's port for a Service port (podutil.FindPort), or undefined if a named port is missing. */
export function findPort(pod: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of (pod.spec?.containers as { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] | undefined) ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

/** The fields of a pod that decide its endpoints; other changes (most status writes) are ignored. */
function endpointView(pod: KubeObject): string {
  return JSON.stringify([pod.status?.podIP, isPodReady(pod), pod.metadata.deletionTimestamp, pod.spec?.nodeName, pod.status?.phase, pod.metadata.labels, pod.spec?.hostname]);
}

export class ServicePods {
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();

  constructor(
    pods: Informer,
    private readonly services: Informer,
    private readonly enqueue: (serviceKey: string) => void,
  ) {
    pods.on({
      add: (pod) => {
        this.put(pod);
        this.enqueueFor(pod);
      },
      update: (pod, old) => {
        this.put(pod);
        if (endpointView(pod) === endpointView(old)) return;
        this.enqueueFor(pod);
        if (JSON.stringify(pod.metadata.labels) !== JSON.stringify(old.metadata.labels)) this.enqueueFor(old);
      },
      delete: (pod) => {
        this.byNamespace.get(pod.metadata.namespace ?? '')?.delete(objectKey(pod));
        this.enqueueFor(pod);
      },
    });
    services.on({ add: (s) => enqueue(objectKey(s)), update: (s) => enqueue(objectKey(s)), delete: (s) => enqueue(objectKey(s)) });
  }

  /** Pods of the namespace matching the selector. */
  selected(namespace: string, selector: LabelSelector): KubeObject[] {
    const out: KubeObject[] = [];
    for (const pod of this.byNamespace.get(namespace)?.values() ?? []) if (matchesLabels(selector, pod.metadata.labels)) out.push(pod);
    return out;
  }

  private put(pod: KubeObject): void {
    const ns = pod.metadata.namespace ?? '';
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(objectKey(pod), pod);
  }

  private enqueueFor(pod: KubeObject): void {
    for (const svc of this.services.list(pod.metadata.namespace)) {
      const sel = serviceSelector(svc);
      if (sel && matchesLabels(sel, pod.metadata.labels)) this.enqueue(objectKey(svc));
    }
  }
}

/** Pods that belong in endpoints at all (endpointsliceutil.ShouldPodBeInEndpoints). */
export function podInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}
