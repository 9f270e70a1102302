// The pods each workload controller would create for a manifest document, named and
// labelled as the controller names and labels them (Deployment -> ReplicaSet -> pods,
// StatefulSet ordinals, Job parallelism, one DaemonSet pod per eligible node).
import type { KubeObject, OwnerReference } from '../kube/object';
import type { LabelSelector, Node, PersistentVolumeClaim, Pod, SelectorOwner } from '../scheduler';
import { compileLabelSelector, pinnedToNode, withDaemonTolerations } from '../scheduler';
import { fnv32a, templateHash } from '../kube/template-hash';
import { whyNoDaemonPod } from './daemon-pods';
import { nameSuffix } from './generated-names';
import { checkPodSpec, checkSelector, countField, isObject, labelsOf, ManifestCheckError, podTemplateOf } from './manifest-checks';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** What one document contributes to a what-if. */
export interface WorkloadPods {
  pods: Pod[];
  /** The ReplicaSet / StatefulSet the pods' controller ref names: kube-scheduler's default spreading reads its selector. */
  owner?: { kind: 'ReplicaSet' | 'StatefulSet'; object: SelectorOwner };
  /** PersistentVolumeClaims the StatefulSet controller creates before its pods. */
  claims: PersistentVolumeClaim[];
  /** Selects the pods of the cluster this document's controller already runs (they are replaced, not added to). */
  owns?: (pod: Pod) => boolean;
  notes: string[];
}

interface Template {
  metadata: Record<string, any>;
  spec: Record<string, any>;
}

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export function isWorkloadKind(kind: unknown): boolean {
  return typeof kind === 'string' && WORKLOAD_KINDS.has(kind);
}

/** The pods `obj`'s controller would create (before the API server's defaulting and admission). */
export function workloadPods(obj: KubeObject, namespace: string, nodes: readonly Node[], document = 0): WorkloadPods {
  const name = obj.metadata?.name;
  if (obj.kind !== 'Pod' && (typeof name !== 'string' || name === '')) throw new ManifestCheckError('metadata.name is required');
  switch (obj.kind) {
    case 'Pod':
      return barePod(obj, namespace, document);
    case 'Deployment':
      return deploymentPods(obj, namespace);
    case 'ReplicaSet':
    case 'ReplicationController':
      return replicaSetPods(obj, namespace);
    case 'StatefulSet':
      return statefulSetPods(obj, namespace);
    case 'DaemonSet':
      return daemonSetPods(obj, namespace, nodes);
    case 'Job':
      return jobPods(obj, obj.spec, namespace, 'spec');
    case 'CronJob':
      return cronJobPods(obj, namespace);
    default:
      return { pods: [], claims: [], notes: [] };
  }
}

function controllerRef(kind: string, apiVersion: string, name: string): OwnerReference {
  return { apiVersion, kind, name, uid: '', controller: true, blockOwnerDeletion: true };
}

/** controller.GetPodFromTemplate: the template's labels, annotations and spec, owned by the controller. */
function podFrom(t: Template, name: string, namespace: string, owner: OwnerReference | undefined, labels: Record<string, string> = {}): Pod {
  const annotations = isObject(t.metadata.annotations) ? { ...t.metadata.annotations } : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { ...labelsOf(t.metadata, 'spec.template.metadata'), ...labels },
      ...(annotations ? { annotations } : {}),
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec: structuredClone(t.spec) as Pod['spec'],
    status: { phase: 'Pending' },
  };
}

function ownedBy(namespace: string, selector: LabelSelector | undefined, owner: (ref: OwnerReference) => boolean): (pod: Pod) => boolean {
  const matcher = selector ? compileLabelSelector(selector) : undefined;
  return (pod) => {
    if ((pod.metadata.namespace || 'default') !== namespace) return false;
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    // Slim records may carry no owner refs: then the selector decides, as controllers adopt by it.
    if (ref) return owner(ref);
    return !!matcher && !matcher.everything && matcher.matches(pod.metadata.labels);
  };
}

function barePod(obj: KubeObject, namespace: string, document: number): WorkloadPods {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  checkPodSpec(obj.spec, 'spec');
  let name = typeof meta.name === 'string' ? meta.name : '';
  // The document's index keeps two generateName pods of one manifest apart.
  if (!name && typeof meta.generateName === 'string' && meta.generateName) name = meta.generateName + nameSuffix(`${namespace}/${meta.generateName}`, document);
  if (!name) throw new ManifestCheckError('metadata.name (or metadata.generateName) is required');
  // Only what a new object keeps: a manifest saved from `kubectl get -o yaml` also carries uid, resourceVersion...
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: labelsOf(meta, 'metadata'),
      ...(isObject(meta.annotations) ? { annotations: { ...meta.annotations } } : {}),
      ...(Array.isArray(meta.ownerReferences) ? { ownerReferences: structuredClone(meta.ownerReferences) } : {}),
    },
    spec: structuredClone(obj.spec) as Pod['spec'],
    status: { phase: 'Pending' },
  };
  return { pods: [pod], claims: [], owns: (p) => (p.metadata.namespace || 'default') === namespace && p.metadata.name === name, notes: [] };
}

function deploymentPods(obj: KubeObject, namespace: string): WorkloadPods {
  const name = obj.metadata.name!;
  const t = podTemplateOf(obj.spec, 'spec.template');
  const selector = checkSelector(obj, labelsOf(t.metadata, 'spec.template.metadata'));
  const replicas = countField(obj.spec?.replicas, 'spec.replicas', 1);
  const notes: string[] = [];
  const hash = templateHash({ metadata: t.metadata, spec: t.spec });
  const rsName = `${name}-${hash}`;
  const rsSelector: LabelSelector = { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const owner = controllerRef('ReplicaSet', 'apps/v1', rsName);
  const count = obj.spec?.paused === true ? 0 : replicas;
  if (obj.spec?.paused === true) notes.push('spec.paused is true: the Deployment controller creates no ReplicaSet (and no pods) until it is resumed');
  const pods = Array.from({ length: count }, (_, i) => podFrom(t, `${rsName}-${nameSuffix(rsName, i)}`, namespace, owner, { [POD_TEMPLATE_HASH]: hash }));
  return {
    pods,
    owner: { kind: 'ReplicaSet', object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rsName, namespace }, spec: { selector: rsSelector } } },
    claims: [],
    // Every ReplicaSet of the Deployment is `<deployment>-<hash>`; their pods all go when the new one rolls out.
    owns: ownedBy(namespace, selector, (ref) => ref.kind === 'ReplicaSet' && ref.name.startsWith(`${name}-`)),
    notes,
  };
}

function replicaSetPods(obj: KubeObject, namespace: string): WorkloadPods {
  const name = obj.metadata.name!;
  const t = podTemplateOf(obj.spec, 'spec.template');
  const templateLabels = labelsOf(t.metadata, 'spec.template.metadata');
  // A ReplicationController's selector is a plain map, defaulted from the template's labels.
  const selector: LabelSelector =
    obj.kind === 'ReplicationController' ? { matchLabels: isObject(obj.spec?.selector) ? (obj.spec.selector as Record<string, string>) : templateLabels } : checkSelector(obj, templateLabels);
  const replicas = countField(obj.spec?.replicas, 'spec.replicas', 1);
  const owner = controllerRef(obj.kind!, obj.kind === 'ReplicaSet' ? 'apps/v1' : 'v1', name);
  const pods = Array.from({ length: replicas }, (_, i) => podFrom(t, `${name}-${nameSuffix(name, i)}`, namespace, owner));
  return {
    pods,
    ...(obj.kind === 'ReplicaSet' ? { owner: { kind: 'ReplicaSet' as const, object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace }, spec: { selector } } } } : {}),
    claims: [],
    owns: ownedBy(namespace, selector, (ref) => ref.kind === obj.kind && ref.name === name),
    notes: [],
  };
}

function statefulSetPods(obj: KubeObject, namespace: string): WorkloadPods {
  const name = obj.metadata.name!;
  const t = podTemplateOf(obj.spec, 'spec.template');
  const selector = checkSelector(obj, labelsOf(t.metadata, 'spec.template.metadata'));
  const replicas = countField(obj.spec?.replicas, 'spec.replicas', 1);
  const start = countField(obj.spec?.ordinals?.start, 'spec.ordinals.start', 0);
  const claimTemplates: unknown[] = Array.isArray(obj.spec?.volumeClaimTemplates) ? obj.spec.volumeClaimTemplates : [];
  const hash = templateHash({ metadata: t.metadata, spec: t.spec });
  const owner = controllerRef('StatefulSet', 'apps/v1', name);
  const pods: Pod[] = [];
  const claims: PersistentVolumeClaim[] = [];
  for (let i = start; i < start + replicas; i++) {
    const podName = `${name}-${i}`;
    const pod = podFrom(t, podName, namespace, owner, {
      [CONTROLLER_REVISION_HASH]: `${name}-${hash}`,
      'statefulset.kubernetes.io/pod-name': podName,
      'apps.kubernetes.io/pod-index': String(i),
    });
    pod.spec.hostname = podName;
    if (typeof obj.spec?.serviceName === 'string' && obj.spec.serviceName) pod.spec.subdomain = obj.spec.serviceName;
    const volumes = Array.isArray(pod.spec.volumes) ? [...pod.spec.volumes] : [];
    claimTemplates.forEach((ct, k) => {
      if (!isObject(ct) || typeof ct.metadata?.name !== 'string') throw new ManifestCheckError(`spec.volumeClaimTemplates[${k}].metadata.name is required`);
      const claimName = `${ct.metadata.name}-${podName}`;
      claims.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claimName, namespace, labels: { ...(selector.matchLabels ?? {}) } }, spec: structuredClone(ct.spec ?? {}) });
      const volume = { name: ct.metadata.name, persistentVolumeClaim: { claimName } };
      const at = volumes.findIndex((v) => v?.name === volume.name);
      if (at >= 0) volumes[at] = volume;
      else volumes.push(volume);
    });
    if (volumes.length > 0) pod.spec.volumes = volumes;
    pods.push(pod);
  }
  return {
    pods,
    owner: { kind: 'StatefulSet', object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace }, spec: { selector } } },
    claims,
    owns: ownedBy(namespace, selector, (ref) => ref.kind === 'StatefulSet' && ref.name === name),
    notes: obj.spec?.podManagementPolicy === 'Parallel' ? [] : ['pods are created one at a time (OrderedReady): each waits for the previous one to be Ready'],
  };
}

function daemonSetPods(obj: KubeObject, namespace: string, nodes: readonly Node[]): WorkloadPods {
  const name = obj.metadata.name!;
  const t = podTemplateOf(obj.spec, 'spec.template');
  const selector = checkSelector(obj, labelsOf(t.metadata, 'spec.template.metadata'));
  const hash = templateHash({ metadata: t.metadata, spec: t.spec });
  const owner = controllerRef('DaemonSet', 'apps/v1', name);
  const tolerations = withDaemonTolerations(t.spec as Pod['spec']);
  const pods: Pod[] = [];
  const skipped: string[] = [];
  for (const node of nodes) {
    const nodeName = node.metadata.name ?? '';
    const why = whyNoDaemonPod(t.spec as Pod['spec'], tolerations, node);
    if (why) {
      skipped.push(`${nodeName} (${why})`);
      continue;
    }
    const pod = podFrom(t, `${name}-${nameSuffix(`${name}/${nodeName}`, 0)}`, namespace, owner, { [CONTROLLER_REVISION_HASH]: hash, 'pod-template-generation': '1' });
    pod.spec.tolerations = tolerations.map((x) => ({ ...x }));
    pod.spec.affinity = pinnedToNode(pod.spec.affinity, nodeName);
    pods.push(pod);
  }
  const notes = skipped.length > 0 ? [`no daemon pod for ${skipped.length} node(s): ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', ...' : ''}`] : [];
  return { pods, claims: [], owns: ownedBy(namespace, selector, (ref) => ref.kind === 'DaemonSet' && ref.name === name), notes };
}

function jobPods(obj: KubeObject, spec: unknown, namespace: string, path: string, jobName = obj.metadata.name!): WorkloadPods {
  const t = podTemplateOf(spec, `${path}.template`);
  const s = spec as Record<string, any>;
  const parallelism = countField(s.parallelism, `${path}.parallelism`, 1);
  const completions = s.completions === undefined || s.completions === null ? undefined : countField(s.completions, `${path}.completions`, 1);
  const notes: string[] = [];
  let count = completions === undefined ? parallelism : Math.min(parallelism, completions);
  if (s.suspend === true) {
    count = 0;
    notes.push(`${path}.suspend is true: the Job controller creates no pods until it is resumed`);
  }
  const indexed = s.completionMode === 'Indexed';
  const owner = controllerRef('Job', 'batch/v1', jobName);
  const pods = Array.from({ length: count }, (_, i) => {
    const podName = indexed ? `${jobName}-${i}-${nameSuffix(jobName, i)}` : `${jobName}-${nameSuffix(jobName, i)}`;
    return podFrom(t, podName, namespace, owner, {
      [JOB_NAME_LABEL]: jobName,
      [LEGACY_JOB_NAME_LABEL]: jobName,
      ...(indexed ? { [JOB_COMPLETION_INDEX]: String(i) } : {}),
    });
  });
  if (completions !== undefined && completions > count && count > 0) notes.push(`${count} pod(s) at a time until ${completions} complete; the what-if places the first ${count}`);
  const owns = obj.kind === 'Job' ? (p: Pod) => (p.metadata.namespace || 'default') === namespace && (p.metadata.labels?.[JOB_NAME_LABEL] ?? p.metadata.labels?.[LEGACY_JOB_NAME_LABEL]) === jobName : undefined;
  return { pods, claims: [], ...(owns ? { owns } : {}), notes };
}

function cronJobPods(obj: KubeObject, namespace: string): WorkloadPods {
  const jobTemplate: unknown = obj.spec?.jobTemplate;
  if (!isObject(jobTemplate) || !isObject(jobTemplate.spec)) throw new ManifestCheckError('spec.jobTemplate.spec is missing: the CronJob has no Job to create');
  // Upstream names each Job `<cronjob>-<scheduled time in minutes>`; any run gives the same pods.
  const jobName = `${obj.metadata.name}-${29_000_000 + (fnv32a(obj.metadata.name!) % 1_000_000)}`;
  const out = jobPods(obj, jobTemplate.spec, namespace, 'spec.jobTemplate.spec', jobName);
  out.notes.unshift(`the pods of one Job (${jobName}); the CronJob creates a Job like it at every scheduled time (${String(obj.spec?.schedule ?? 'no schedule')})`);
  return out;
}
