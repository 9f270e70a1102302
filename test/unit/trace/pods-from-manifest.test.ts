import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/object';
import { podsFromManifest, type PodsFromManifestContext } from '../../../src/trace';
import { CONTROL_PLANE_TAINT, seedNodes } from '../scheduler/fixtures';

const context: PodsFromManifestContext = { defaultNamespace: 'team-a', nodes: seedNodes() };

const template = (labels: Record<string, string>, spec: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '500m', memory: '256Mi' } } }], ...spec },
});

function workload(kind: string, name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  const apiVersion = kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  return { apiVersion, kind, metadata: { name, ...metadata }, spec };
}

const deployment = (replicas?: unknown, extra: Record<string, unknown> = {}) =>
  workload('Deployment', 'web', { ...(replicas === undefined ? {} : { replicas }), selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), ...extra });

test('a Deployment makes `replicas` pods named <deployment>-<template hash>-<5 chars>, the same on every run', () => {
  const first = podsFromManifest([deployment(3)], context);
  const again = podsFromManifest([deployment(3)], context);
  assert.deepEqual(first.problems, []);
  const names = first.pods.map((p) => p.pod.metadata.name!);
  assert.equal(names.length, 3);
  assert.equal(new Set(names).size, 3, 'names are unique');
  assert.deepEqual(again.pods.map((p) => p.pod.metadata.name), names);
  const hash = first.pods[0].pod.metadata.labels!['pod-template-hash'];
  for (const n of names) assert.match(n, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
  assert.ok(first.pods.every((p) => p.from === 'Deployment/web' && p.document === 0));
  assert.deepEqual(first.pods[0].pod.metadata.ownerReferences?.map((r) => [r.kind, r.name]), [['ReplicaSet', `web-${hash}`]]);
  // A changed template is a new ReplicaSet, so new names.
  const edited = deployment(3);
  edited.spec.template.spec.containers[0].image = 'nginx:1.28';
  assert.notEqual(podsFromManifest([edited], context).pods[0].pod.metadata.labels!['pod-template-hash'], hash);
});

test("pods get the API server's scheduling defaults: namespace, scheduler, priority, NoExecute tolerations, requests from limits", () => {
  const d = deployment(1);
  d.spec.template.spec.containers = [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '2', memory: '1Gi' } } }];
  const [{ pod }] = podsFromManifest([d], context).pods;
  assert.equal(pod.metadata.namespace, 'team-a');
  assert.equal(pod.spec.schedulerName, 'default-scheduler');
  assert.equal(pod.spec.priority, 0);
  assert.equal(pod.spec.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(pod.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  assert.deepEqual(pod.spec.containers[0].resources?.requests, { cpu: '2', memory: '1Gi' });
  // The document's own namespace wins over the context's.
  const other = podsFromManifest([deployment(1)].map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'prod' } })), context);
  assert.equal(other.pods[0].pod.metadata.namespace, 'prod');
});

test('a toleration of every NoExecute taint keeps DefaultTolerationSeconds from adding its own', () => {
  const d = deployment(1);
  d.spec.template.spec.tolerations = [{ operator: 'Exists', effect: 'NoExecute' }];
  const [{ pod }] = podsFromManifest([d], context).pods;
  assert.deepEqual(pod.spec.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
});

test('priority comes from priorityClassName, the global default class, a class in the same manifest, or a system class', () => {
  const withClass = (name?: string) => {
    const d = deployment(1);
    if (name) d.spec.template.spec.priorityClassName = name;
    return d;
  };
  const classes = new Map([
    ['high', 1000],
    ['low', 10],
  ]);
  const ctx = { ...context, priorityClasses: classes, globalDefaultPriorityClass: 'low' };
  assert.equal(podsFromManifest([withClass('high')], ctx).pods[0].pod.spec.priority, 1000);
  const defaulted = podsFromManifest([withClass()], ctx).pods[0].pod;
  assert.equal(defaulted.spec.priority, 10);
  assert.equal(defaulted.spec.priorityClassName, 'low');
  assert.equal(podsFromManifest([withClass('system-node-critical')], context).pods[0].pod.spec.priority, 2000001000);
  const manifestClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: 50, preemptionPolicy: 'Never' };
  const fromManifest = podsFromManifest([manifestClass, withClass('batch')], context);
  assert.equal(fromManifest.pods[0].pod.spec.priority, 50);
  assert.equal(fromManifest.pods[0].pod.spec.preemptionPolicy, 'Never');
  const unknown = podsFromManifest([withClass('missing')], context);
  assert.deepEqual(unknown.pods, []);
  assert.deepEqual(unknown.problems, [{ document: 0, message: 'Deployment/web: the API server would refuse its pods: no PriorityClass with name missing was found' }]);
});

test('replicas default to 1; 0 replicas and a paused Deployment make no pods and say so', () => {
  assert.equal(podsFromManifest([deployment()], context).pods.length, 1);
  const zero = podsFromManifest([deployment(0)], context);
  assert.equal(zero.pods.length, 0);
  assert.deepEqual(zero.notes, [{ document: 0, message: 'Deployment/web: no pods' }]);
  const paused = podsFromManifest([deployment(2, { paused: true })], context);
  assert.equal(paused.pods.length, 0);
  assert.match(paused.notes[0].message, /paused/);
});

test('a StatefulSet makes <name>-0..N-1 with hostnames and one claim per volumeClaimTemplate and pod', () => {
  const sts = workload('StatefulSet', 'db', {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: template({ app: 'db' }),
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  });
  const out = podsFromManifest([sts], context);
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.pods.map((p) => p.pod.metadata.name), ['db-0', 'db-1', 'db-2']);
  assert.equal(out.pods[1].pod.spec.hostname, 'db-1');
  assert.equal(out.pods[1].pod.spec.subdomain, 'db');
  assert.deepEqual(out.pods[1].pod.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);
  assert.deepEqual(out.workloads[0].claims.map((c) => `${c.metadata.namespace}/${c.metadata.name}`), ['team-a/data-db-0', 'team-a/data-db-1', 'team-a/data-db-2']);
});

test('a Job runs `parallelism` pods, capped by completions; Indexed Jobs number them; a CronJob says it shows one Job', () => {
  const job = (spec: Record<string, unknown>) => workload('Job', 'report', { template: template({ app: 'report' }, { restartPolicy: 'Never' }), ...spec });
  assert.equal(podsFromManifest([job({})], context).pods.length, 1);
  assert.equal(podsFromManifest([job({ parallelism: 4 })], context).pods.length, 4);
  assert.equal(podsFromManifest([job({ parallelism: 4, completions: 2 })], context).pods.length, 2);
  assert.equal(podsFromManifest([job({ parallelism: 3, suspend: true })], context).pods.length, 0);
  const indexed = podsFromManifest([job({ parallelism: 2, completions: 2, completionMode: 'Indexed' })], context).pods.map((p) => p.pod);
  assert.match(indexed[1].metadata.name!, /^report-1-[a-z0-9]{5}$/);
  assert.equal(indexed[1].metadata.labels!['batch.kubernetes.io/job-completion-index'], '1');
  assert.equal(indexed[0].metadata.labels!['batch.kubernetes.io/job-name'], 'report');

  const cron = workload('CronJob', 'nightly', { schedule: '0 3 * * *', jobTemplate: { spec: { parallelism: 2, template: template({ app: 'n' }, { restartPolicy: 'OnFailure' }) } } });
  const out = podsFromManifest([cron], context);
  assert.equal(out.pods.length, 2);
  assert.equal(out.pods[0].from, 'CronJob/nightly');
  assert.match(out.notes[0].message, /^CronJob\/nightly: the pods of one Job \(nightly-\d{8}\)/);
});

test('a DaemonSet makes one pod per node it may run on, pinned with matchFields and with the daemon tolerations', () => {
  const ds = (spec: Record<string, unknown> = {}) =>
    workload('DaemonSet', 'agent', { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }, spec) });
  const out = podsFromManifest([ds()], context);
  const pods = out.pods.map((p) => p.pod);
  assert.equal(pods.length, 2, 'the control plane is excluded by its taint');
  assert.deepEqual(
    pods.map((p) => p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    ['whale2', 'whale3'].map((n) => ({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n] }] }] })),
  );
  assert.deepEqual(pods[0].spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ]);
  assert.deepEqual(out.notes, [{ document: 0, message: 'DaemonSet/agent: no daemon pod for 1 node(s): whale1 (untolerated taint {node-role.kubernetes.io/control-plane: })' }]);

  const everywhere = podsFromManifest([ds({ tolerations: [{ ...CONTROL_PLANE_TAINT, operator: 'Exists' }], hostNetwork: true })], context).pods.map((p) => p.pod);
  assert.equal(everywhere.length, 3);
  const keys = everywhere[0].spec.tolerations!.map((t) => t.key);
  assert.deepEqual(keys.slice(0, 1), ['node-role.kubernetes.io/control-plane'], "the pod's own tolerations come first");
  assert.equal(keys.at(-1), 'node.kubernetes.io/network-unavailable', 'hostNetwork pods also tolerate network-unavailable');

  // A matching toleration with tolerationSeconds is replaced by the infinite one, in place.
  const replaced = podsFromManifest([ds({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] })], context).pods[0].pod;
  assert.deepEqual(replaced.spec.tolerations![0], { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  assert.equal(replaced.spec.tolerations!.length, 6);

  const selected = podsFromManifest([ds({ nodeSelector: { 'kubernetes.io/hostname': 'whale3' } })], context);
  assert.deepEqual(selected.pods.map((p) => p.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchFields?.[0].values), [['whale3']]);
});

test('a bare Pod is taken as is (generateName gets a suffix); other kinds make no pods and are listed', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'probe-' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
  const out = podsFromManifest([pod, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } }], context);
  assert.equal(out.pods.length, 1);
  assert.match(out.pods[0].pod.metadata.name!, /^probe-[a-z0-9]{5}$/);
  assert.equal(out.pods[0].from, 'Pod/probe-*');
  assert.deepEqual(
    out.notes.map((n) => n.message),
    ['ConfigMap/cfg: no pods (not a workload)', 'Service/web: no pods; its selector makes kube-scheduler spread the pods it selects'],
  );
  assert.equal(out.services.length, 1);
});

test('bad documents become problems with their index and a clear message, never an exception', () => {
  const noTemplate = workload('Deployment', 'a', { replicas: 2, selector: { matchLabels: { app: 'a' } } });
  const wordy = deployment('three');
  const negative = deployment(-1);
  const noContainers = workload('ReplicaSet', 'b', { selector: { matchLabels: { app: 'b' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [] } } });
  const badQuantity = deployment(1);
  badQuantity.spec.template.spec.containers[0].resources.requests.cpu = 'lots';
  const mismatch = workload('Deployment', 'c', { selector: { matchLabels: { app: 'other' } }, template: template({ app: 'c' }) });
  const garbage = [null, 42, 'text', ['a'], { metadata: { name: 'x' } }, { kind: 'Deployment' }, { kind: 'Deployment', metadata: {} }] as unknown as KubeObject[];
  const docs = [noTemplate, wordy, negative, noContainers, badQuantity, mismatch, ...garbage, deployment(1)];
  const out = podsFromManifest(docs, context);
  assert.deepEqual(out.problems, [
    { document: 0, message: 'Deployment/a: spec.template is missing: the controller has no pod template to create pods from' },
    { document: 1, message: 'Deployment/web: spec.replicas must be a whole number (0 or more), not "three"' },
    { document: 2, message: 'Deployment/web: spec.replicas must be a whole number (0 or more), not -1' },
    { document: 3, message: 'ReplicaSet/b: spec.template.spec.containers must list at least one container' },
    { document: 4, message: 'Deployment/web: spec.template.spec.containers[0].resources.requests.cpu: "lots" is not a quantity (e.g. 500m, 2, 512Mi)' },
    {
      document: 5,
      message: 'Deployment/c: spec.template.metadata.labels do not match spec.selector: the API server rejects the object (`selector` does not match template `labels`)',
    },
    { document: 7, message: 'Document 8 is not a Kubernetes object: it has no kind' },
    { document: 8, message: 'Document 9 is not a Kubernetes object: it has no kind' },
    { document: 9, message: 'Document 10 is not a Kubernetes object: it has no kind' },
    { document: 10, message: 'Document 11 is not a Kubernetes object: it has no kind' },
    { document: 11, message: 'Deployment/(no name): metadata is required' },
    { document: 12, message: 'Deployment/(no name): metadata.name is required' },
  ]);
  assert.deepEqual(out.pods.map((p) => p.document), [13], 'the good document still makes its pod');
});

test('a List (as `kubectl get -o yaml` writes it) stands for its items, under the List document\'s index', () => {
  const list = { apiVersion: 'v1', kind: 'List', metadata: {}, items: [deployment(2), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }] };
  const out = podsFromManifest([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }, list as unknown as KubeObject], context);
  assert.deepEqual(out.pods.map((p) => [p.from, p.document]), [
    ['Deployment/web', 1],
    ['Deployment/web', 1],
  ]);
  assert.deepEqual(out.notes, [
    { document: 0, message: 'Namespace/x: no pods (not a workload)' },
    { document: 1, message: 'ConfigMap/cfg: no pods (not a workload)' },
  ]);
});
