// What the endpoints and endpointslice controllers share: pods indexed by namespace, the
// Services a pod change concerns (only changes that move an endpoint), and how a Service
// port's targetPort resolves against a pod's containers.
import type { KubeObject } from '../../../kube/object';
import { matchesLabels, type LabelSelector } from '../../../kube/selectors';
import { objectKey, type Informer } from '../../client/informer';
import { isPodReady } from '../controller-ref';
import { idOf } from '../owner-index';

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

/** Whether two label maps are equal (key order aside). */
function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return Object.keys(a ?? b ?? {}).length === 0;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  return n === Object.keys(b).length;
}

/** Whether the fields of a pod that decide its endpoints changed; other changes (most status writes) are ignored. */
function endpointsChanged(pod: KubeObject, old: KubeObject): boolean {
  return (
    pod.status?.podIP !== old.status?.podIP ||
    isPodReady(pod) !== isPodReady(old) ||
    pod.metadata.deletionTimestamp !== old.metadata.deletionTimestamp ||
    pod.spec?.nodeName !== old.spec?.nodeName ||
    pod.status?.phase !== old.status?.phase ||
    pod.spec?.hostname !== old.spec?.hostname ||
    !sameLabels(pod.metadata.labels, old.metadata.labels)
  );
}

/**
 * The selecting Services by namespace, and the pods of those namespaces only. The selectors are
 * kept from the Services' events (not rebuilt from the informer per pod event), and a pod event
 * in a namespace no Service selects in costs one Map lookup: at scale that is nearly every pod
 * update (2 controllers x 4 updates per pod used to build 4 JSON views and set the pod into a
 * Map each, ~8 % of the controllers' CPU per pod in bench/controllers-pod-updates.ts).
 */
export class ServicePods {
  /** Pods of the namespaces in `selectors`, filled from the informer when a namespace gets its first. */
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly selectors = new Map<string, Map<string, LabelSelector>>();

  constructor(
    private readonly pods: Informer,
    services: Informer,
    private readonly enqueue: (serviceKey: string) => void,
  ) {
    pods.on({
      add: (pod) => {
        if (!this.selectors.has(pod.metadata.namespace ?? '')) return;
        this.put(pod);
        this.enqueueFor(pod);
      },
      update: (pod, old) => {
        if (!this.selectors.has(pod.metadata.namespace ?? '')) return;
        if (idOf(old) !== idOf(pod)) this.byNamespace.get(old.metadata.namespace ?? '')?.delete(idOf(old));
        this.put(pod);
        if (!endpointsChanged(pod, old)) return;
        this.enqueueFor(pod);
        if (!sameLabels(pod.metadata.labels, old.metadata.labels)) this.enqueueFor(old);
      },
      delete: (pod) => {
        if (!this.selectors.has(pod.metadata.namespace ?? '')) return;
        this.byNamespace.get(pod.metadata.namespace ?? '')?.delete(idOf(pod));
        this.enqueueFor(pod);
      },
    });
    services.on({
      add: (s) => {
        this.serviceChanged(s);
        enqueue(objectKey(s));
      },
      update: (s, old) => {
        if (old.metadata.namespace !== s.metadata.namespace) this.serviceGone(old);
        this.serviceChanged(s);
        enqueue(objectKey(s));
      },
      delete: (s) => {
        this.serviceGone(s);
        enqueue(objectKey(s));
      },
    });
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
    m.set(idOf(pod), pod);
  }

  private serviceChanged(svc: KubeObject): void {
    const sel = serviceSelector(svc);
    if (!sel) return this.serviceGone(svc);
    const ns = svc.metadata.namespace ?? '';
    let m = this.selectors.get(ns);
    if (!m) {
      this.selectors.set(ns, (m = new Map()));
      const pods = new Map<string, KubeObject>();
      for (const pod of this.pods.list(ns)) pods.set(idOf(pod), pod);
      this.byNamespace.set(ns, pods);
    }
    m.set(objectKey(svc), sel);
  }

  private serviceGone(svc: KubeObject): void {
    const ns = svc.metadata.namespace ?? '';
    const m = this.selectors.get(ns);
    if (!m) return;
    m.delete(objectKey(svc));
    if (m.size > 0) return;
    this.selectors.delete(ns);
    this.byNamespace.delete(ns);
  }

  private enqueueFor(pod: KubeObject): void {
    const selecting = this.selectors.get(pod.metadata.namespace ?? '');
    if (!selecting) return;
    for (const [key, sel] of selecting) if (matchesLabels(sel, pod.metadata.labels)) this.enqueue(key);
  }
}

/** Pods that belong in endpoints at all (endpointsliceutil.ShouldPodBeInEndpoints). */
export function podInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}
