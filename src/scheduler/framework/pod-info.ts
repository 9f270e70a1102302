// A pod plus what the plugins derive from it once (requests, parsed affinity terms,
// host ports), so a scheduling cycle over thousands of nodes never re-parses the pod.
import { compileLabelSelector, type LabelMatcher, type Labels } from '../api/selectors';
import type { LabelSelector, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../api/types';
import { podKey, podNamespace, podPriority } from '../api/types';
import { podRequests, Resource } from '../snapshot/resource';

export interface AffinityTerm {
  namespaces: Set<string>;
  /** Matches namespaces by their labels; undefined when the term names no selector. */
  namespaceSelector: LabelMatcher | undefined;
  selector: LabelMatcher;
  topologyKey: string;
  weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export class PodInfo {
  readonly key: string;
  readonly namespace: string;
  readonly priority: number;
  /** Requests as NodeResourcesFit counts them (sum + init max + overhead). */
  readonly requests: Resource;
  /** cpu/memory with kube-scheduler's defaults for containers that request none. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly AffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly AffinityTerm[];
  readonly hostPorts: readonly HostPort[];
  readonly pvcNames: readonly string[];
  /** Identity of each required anti-affinity term (namespace + term), to group equal terms. */
  readonly requiredAntiAffinitySigs: readonly string[];
  /** Identity of the required affinity terms together ('' when none). */
  readonly requiredAffinitySig: string;

  /** `from`: the derived data of a copy of this pod that differs only in placement (withPod). */
  constructor(
    readonly pod: Pod,
    from?: PodInfo,
  ) {
    if (from) {
      // Assigned here, not by Object.assign onto a bare object: V8 then keeps every field inside
      // the object (a copy per bound pod held them in a separate property array, ~110 B).
      this.key = from.key;
      this.namespace = from.namespace;
      this.priority = from.priority;
      this.requests = from.requests;
      this.nonZeroMilliCPU = from.nonZeroMilliCPU;
      this.nonZeroMemory = from.nonZeroMemory;
      this.requiredAffinityTerms = from.requiredAffinityTerms;
      this.requiredAntiAffinityTerms = from.requiredAntiAffinityTerms;
      this.requiredAntiAffinitySigs = from.requiredAntiAffinitySigs;
      this.requiredAffinitySig = from.requiredAffinitySig;
      this.preferredAffinityTerms = from.preferredAffinityTerms;
      this.preferredAntiAffinityTerms = from.preferredAntiAffinityTerms;
      this.hostPorts = from.hostPorts;
      this.pvcNames = from.pvcNames;
      return;
    }
    this.key = podKey(pod);
    this.namespace = podNamespace(pod);
    this.priority = podPriority(pod);
    this.requests = podRequests(pod);
    const nz = podRequests(pod, true);
    this.nonZeroMilliCPU = nz.milliCPU;
    this.nonZeroMemory = nz.memory;
    const a = pod.spec.affinity;
    const required = a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const requiredAnti = a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    this.requiredAffinityTerms = orNone(required.map((t) => newAffinityTerm(pod, t, 1)));
    this.requiredAntiAffinityTerms = orNone(requiredAnti.map((t) => newAffinityTerm(pod, t, 1)));
    // The pod's labels matter only when the term copies some of them (matchLabelKeys).
    this.requiredAntiAffinitySigs = orNone(
      requiredAnti.map((t) => JSON.stringify([this.namespace, t, t.matchLabelKeys?.length || t.mismatchLabelKeys?.length ? (pod.metadata.labels ?? {}) : null])),
    );
    this.requiredAffinitySig = required.length ? JSON.stringify([this.namespace, required, pod.metadata.labels ?? {}]) : '';
    this.preferredAffinityTerms = orNone(weighted(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution));
    this.preferredAntiAffinityTerms = orNone(weighted(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution));
    const hostPorts: HostPort[] = [];
    for (const c of pod.spec.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.hostPort && p.hostPort > 0) hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
      }
    }
    this.hostPorts = orNone(hostPorts);
    const pvcNames: string[] = [];
    for (const v of pod.spec.volumes ?? []) if (v.persistentVolumeClaim) pvcNames.push(v.persistentVolumeClaim.claimName);
    this.pvcNames = orNone(pvcNames);
  }

  /** The same derived data for a copy of the pod that differs only in placement (assume). */
  withPod(pod: Pod): PodInfo {
    const c = new PodInfo(pod, this);
    cache.set(pod, c);
    return c;
  }

  get hasAffinity(): boolean {
    const a = this.pod.spec.affinity;
    return !!a && (!!a.podAffinity || !!a.podAntiAffinity);
  }

  get hasRequiredAntiAffinity(): boolean {
    return this.requiredAntiAffinityTerms.length > 0;
  }
}

/** Pods without a kind of term, port or claim share one empty list (7 per pod were ~220 B). */
const NONE: readonly never[] = Object.freeze([]);

function orNone<T>(xs: T[]): readonly T[] {
  return xs.length === 0 ? NONE : xs;
}

function weighted(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): AffinityTerm[] {
  return (terms ?? []).filter((t) => t.weight !== 0).map((t) => newAffinityTerm(pod, t.podAffinityTerm, t.weight));
}

/** matchLabelKeys and mismatchLabelKeys turn the pod's own label values into selector requirements. */
function effectiveSelector(pod: Pod, term: PodAffinityTerm): LabelSelector | null | undefined {
  const sel = term.labelSelector;
  if (!sel || (!term.matchLabelKeys?.length && !term.mismatchLabelKeys?.length)) return sel;
  const labels = pod.metadata.labels ?? {};
  const exprs = [...(sel.matchExpressions ?? [])];
  for (const k of term.matchLabelKeys ?? []) if (k in labels) exprs.push({ key: k, operator: 'In', values: [labels[k]] });
  for (const k of term.mismatchLabelKeys ?? []) if (k in labels) exprs.push({ key: k, operator: 'NotIn', values: [labels[k]] });
  return { matchLabels: sel.matchLabels, matchExpressions: exprs };
}

export function newAffinityTerm(pod: Pod, term: PodAffinityTerm, weight: number): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  if (namespaces.size === 0 && !term.namespaceSelector) namespaces.add(podNamespace(pod));
  return {
    namespaces,
    namespaceSelector: term.namespaceSelector ? compileLabelSelector(term.namespaceSelector) : undefined,
    selector: compileLabelSelector(effectiveSelector(pod, term)),
    topologyKey: term.topologyKey,
    weight,
  };
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and its labels match. */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  const ns = pod.metadata.namespace || 'default';
  if (!term.namespaces.has(ns) && !(term.namespaceSelector && term.namespaceSelector.matches(nsLabels))) return false;
  return term.selector.matches(pod.metadata.labels);
}

const cache = new WeakMap<Pod, PodInfo>();

/** The PodInfo of a pod object, built once per object. */
export function podInfoOf(pod: Pod): PodInfo {
  let pi = cache.get(pod);
  if (!pi) {
    pi = new PodInfo(pod);
    cache.set(pod, pi);
  }
  return pi;
}

/** Same keys and values (labels, requests): a shallow comparison of string maps. */
export const sameStrings = (a: Record<string, string | number> | undefined, b: Record<string, string | number> | undefined): boolean => {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  for (const k of ka) if (a![k] !== b?.[k]) return false;
  return true;
};
const sameJson = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function sameContainers(a: Pod['spec']['containers'] | undefined, b: Pod['spec']['containers'] | undefined): boolean {
  const ca = a ?? [];
  const cb = b ?? [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x.restartPolicy !== y.restartPolicy || !sameStrings(x.resources?.requests, y.resources?.requests)) return false;
    if ((x.ports?.length || y.ports?.length) && !sameJson(x.ports, y.ports)) return false;
  }
  return true;
}

const claimNames = (p: Pod): string =>
  (p.spec.volumes ?? [])
    .map((v) => v.persistentVolumeClaim?.claimName ?? '')
    .filter((n) => n)
    .join('\n');

/**
 * Whether `b` derives the same PodInfo as `a` (placement aside): when the API confirms a
 * pod the scheduler assumed, the informer's new object changes nothing the snapshot
 * counts, and its PodInfo can be reused instead of parsed again. Pods with affinity
 * terms are not compared (they take the full update).
 */
export function sameSchedulingInputs(a: Pod, b: Pod): boolean {
  if (a === b) return true;
  const ma = a.metadata;
  const mb = b.metadata;
  if (ma.uid !== mb.uid || ma.name !== mb.name || ma.namespace !== mb.namespace || !sameStrings(ma.labels, mb.labels)) return false;
  const sa = a.spec;
  const sb = b.spec;
  if (sa.affinity || sb.affinity || sa.priority !== sb.priority) return false;
  if (!sameContainers(sa.containers, sb.containers) || !sameContainers(sa.initContainers, sb.initContainers)) return false;
  return sameStrings(sa.overhead, sb.overhead) && claimNames(a) === claimNames(b);
}
