// A manifest's documents -> the pods their controllers WOULD create, as kube-scheduler would
// receive them: named like the controller names them, defaulted and admitted like the API
// server does it. Bad documents become problems with the document's index; nothing throws.
import type { KubeObject } from '../kube/object';
import type { Node, PersistentVolumeClaim, Pod, SelectorOwner } from '../scheduler';
import { documentName } from './generated-names';
import { isObject, ManifestCheckError } from './manifest-checks';
import { admitPod, type PriorityClassCatalog, type PriorityClassInfo } from './pod-admission-defaults';
import { isWorkloadKind, workloadPods, type WorkloadPods } from './workload-pods';

export interface PodsFromManifestContext {
  /** The namespace of documents that name none (the kubeconfig context's namespace). */
  defaultNamespace: string;
  /** The cluster's nodes: a DaemonSet gets one pod per node it may run on. */
  nodes: readonly Node[];
  /** The cluster's PriorityClasses by name (value); the manifest's own PriorityClasses are added. */
  priorityClasses?: ReadonlyMap<string, number>;
  /** The cluster's PriorityClass with globalDefault: true, if any. */
  globalDefaultPriorityClass?: string;
}

/** A line about one document (0-based index into the objects given). */
export interface ManifestDocumentNote {
  document: number;
  message: string;
}

export interface ManifestPod {
  pod: Pod;
  /** `Deployment/web`: the document the pod comes from. */
  from: string;
  document: number;
}

/** What one workload document adds to a what-if besides its pods. */
export interface ManifestWorkload extends Omit<WorkloadPods, 'pods' | 'notes'> {
  document: number;
  from: string;
}

export interface PodsFromManifest {
  pods: ManifestPod[];
  /** Documents no controller could create pods from, or whose pods the API server would refuse. */
  problems: ManifestDocumentNote[];
  /** Facts worth saying: kinds without pods, nodes a DaemonSet skips, a CronJob's one Job... */
  notes: ManifestDocumentNote[];
  workloads: ManifestWorkload[];
  /** PersistentVolumeClaims the manifest declares. */
  claims: PersistentVolumeClaim[];
  /** Services the manifest declares: kube-scheduler's default spreading reads their selectors. */
  services: SelectorOwner[];
}

const HELPER_KINDS: Record<string, string> = {
  Service: 'no pods; its selector makes kube-scheduler spread the pods it selects',
  PersistentVolumeClaim: 'no pods; pods of this manifest that use the claim see it',
  PriorityClass: 'no pods; pods of this manifest that name it get its priority',
};

export function podsFromManifest(objects: readonly (KubeObject | null | undefined)[], context: PodsFromManifestContext): PodsFromManifest {
  const out: PodsFromManifest = { pods: [], problems: [], notes: [], workloads: [], claims: [], services: [] };
  const entries = withListItems(objects);
  const classes = priorityCatalog(entries.map((e) => e.obj), context);
  entries.forEach(({ obj, document }) => {
    if (obj === null || obj === undefined) return; // an empty document
    if (!isObject(obj) || typeof obj.kind !== 'string' || !obj.kind) {
      out.problems.push({ document, message: `Document ${document + 1} is not a Kubernetes object: it has no kind` });
      return;
    }
    const from = documentName(obj);
    if (!isObject(obj.metadata)) {
      out.problems.push({ document, message: `${from}: metadata is required` });
      return;
    }
    const namespace = typeof obj.metadata.namespace === 'string' && obj.metadata.namespace ? obj.metadata.namespace : context.defaultNamespace;
    if (!isWorkloadKind(obj.kind)) {
      collectHelper(obj, namespace, out);
      out.notes.push({ document, message: `${from}: ${HELPER_KINDS[obj.kind] ?? 'no pods (not a workload)'}` });
      return;
    }
    let made: WorkloadPods;
    try {
      made = workloadPods(obj, namespace, context.nodes, document);
    } catch (e) {
      if (!(e instanceof ManifestCheckError)) throw e;
      out.problems.push({ document, message: `${from}: ${e.message}` });
      return;
    }
    for (const pod of made.pods) {
      const refused = admitPod(pod, classes);
      if (refused) {
        // The API server refuses every pod of the template alike: say it once.
        out.problems.push({ document, message: `${from}: the API server would refuse ${obj.kind === 'Pod' ? 'the Pod' : 'its pods'}: ${refused}` });
        return;
      }
    }
    for (const pod of made.pods) out.pods.push({ pod, from, document });
    for (const message of made.notes) out.notes.push({ document, message: `${from}: ${message}` });
    if (made.pods.length === 0 && made.notes.length === 0) out.notes.push({ document, message: `${from}: no pods` });
    const { pods: _pods, notes: _notes, ...rest } = made;
    out.workloads.push({ ...rest, document, from });
  });
  return out;
}

/** `kind: List` documents (as `kubectl get -o yaml` writes them) stand for their items, under the List's index. */
function withListItems(objects: readonly (KubeObject | null | undefined)[]): { obj: KubeObject | null | undefined; document: number }[] {
  const out: { obj: KubeObject | null | undefined; document: number }[] = [];
  objects.forEach((obj, document) => {
    if (isObject(obj) && typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items as (KubeObject | null)[]) out.push({ obj: item, document });
    } else {
      out.push({ obj, document });
    }
  });
  return out;
}

function collectHelper(obj: KubeObject, namespace: string, out: PodsFromManifest): void {
  const withNamespace = { ...obj, metadata: { ...obj.metadata, namespace } };
  if (obj.kind === 'PersistentVolumeClaim' && typeof obj.metadata.name === 'string') out.claims.push(withNamespace as PersistentVolumeClaim);
  if (obj.kind === 'Service' && isObject(obj.spec?.selector)) out.services.push(withNamespace as SelectorOwner);
}

/** The cluster's classes plus the manifest's PriorityClass documents (applied before the pods). */
function priorityCatalog(objects: readonly (KubeObject | null | undefined)[], context: PodsFromManifestContext): PriorityClassCatalog {
  const classes = new Map<string, PriorityClassInfo>();
  for (const [name, value] of context.priorityClasses ?? []) classes.set(name, { value });
  let globalDefault: ({ name: string } & PriorityClassInfo) | undefined;
  const clusterDefault = context.globalDefaultPriorityClass;
  if (clusterDefault && classes.has(clusterDefault)) globalDefault = { name: clusterDefault, ...classes.get(clusterDefault)! };
  for (const obj of objects) {
    if (!isObject(obj) || obj.kind !== 'PriorityClass' || typeof obj.metadata?.name !== 'string' || typeof obj.value !== 'number') continue;
    const info: PriorityClassInfo = { value: obj.value, ...(typeof obj.preemptionPolicy === 'string' ? { preemptionPolicy: obj.preemptionPolicy } : {}) };
    classes.set(obj.metadata.name, info);
    if (obj.globalDefault === true) globalDefault = { name: obj.metadata.name, ...info };
  }
  return { get: (name) => classes.get(name), ...(globalDefault ? { globalDefault } : {}) };
}
