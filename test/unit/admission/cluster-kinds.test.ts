import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../src/emulator/apiserver/admission/index';
import type { KubeObject } from '../../../src/kube/object';
import { create, resource, update } from './helpers';

function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown> = {}, namespace?: string): KubeObject {
  return { apiVersion, kind, metadata: namespace ? { name, namespace } : { name }, ...body };
}

test('namespace defaults: finalizer, phase and the name label', () => {
  const ns = obj('v1', 'Namespace', 'team-a');
  applyDefaults(resource('Namespace'), ns);
  assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(ns.status, { phase: 'Active' });
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
});

test('namespace validation: names are DNS-1123 labels', () => {
  assert.deepEqual(create('Namespace', obj('v1', 'Namespace', 'team.a')), ['metadata.name: Invalid value: "team.a": must not contain dots']);
});

test('node validation: taints', () => {
  const node = obj('v1', 'Node', 'whale2', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoWork' }, { key: 'x', effect: 'NoSchedule' }, { key: 'x', effect: 'NoSchedule' }] } });
  assert.deepEqual(create('Node', node), [
    'spec.taints[0].effect: Unsupported value: "NoWork": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    'spec.taints[2]: Duplicate value: "taint key: x, effect: NoSchedule"',
  ]);
});

test('node update: providerID is set once', () => {
  const old = obj('v1', 'Node', 'whale2', { spec: { providerID: 'kwok://whale2' } });
  assert.deepEqual(update('Node', obj('v1', 'Node', 'whale2', { spec: { providerID: 'kwok://other' } }), old), [
    'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
  ]);
});

test('persistent volumes: defaults and required fields', () => {
  const pv = obj('v1', 'PersistentVolume', 'pv1', { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } });
  assert.deepEqual(create('PersistentVolume', pv), []);
  assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
  assert.equal(pv.spec.volumeMode, 'Filesystem');
  assert.deepEqual(create('PersistentVolume', obj('v1', 'PersistentVolume', 'pv2', { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } })), [
    'spec: Required value: must specify a volume type',
  ]);
  const pvc = obj('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteAlways'] } }, 'default');
  assert.deepEqual(create('PersistentVolumeClaim', pvc), [
    'spec.accessModes: Unsupported value: "ReadWriteAlways": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    'spec.resources[storage]: Required value',
  ]);
  assert.equal(pvc.spec.volumeMode, 'Filesystem');
});

test('pvc update: only the storage request may change', () => {
  const old = obj('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'std' } }, 'default');
  const bigger = structuredClone(old);
  bigger.spec.resources.requests.storage = '2Gi';
  assert.deepEqual(update('PersistentVolumeClaim', bigger, old), []);
  const other = structuredClone(old);
  other.spec.storageClassName = 'fast';
  assert.deepEqual(update('PersistentVolumeClaim', other, old), ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
});

test('events: core/v1 namespace must match, events.k8s.io/v1 needs its reporting fields', () => {
  const ev = obj('v1', 'Event', 'web.1', { involvedObject: { kind: 'Pod', name: 'web', namespace: 'other' } }, 'default');
  assert.deepEqual(create('Event', ev), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  const nodeEvent = obj('v1', 'Event', 'whale2.1', { involvedObject: { kind: 'Node', name: 'whale2' } }, 'default');
  assert.deepEqual(create('Event', nodeEvent), []);
  assert.equal(nodeEvent.reportingComponent, '');
  const v1 = obj('events.k8s.io/v1', 'Event', 'web.2', { type: 'Info', reason: 'Started' }, 'default');
  assert.deepEqual(create('Event', v1, 'events.k8s.io'), [
    'eventTime: Required value',
    'type: Invalid value: "": has invalid value: Info',
    'reportingController: Required value',
    'reportingInstance: Required value',
    'action: Required value',
  ]);
});

test('endpoint slices: address type and port defaults', () => {
  const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc', { addressType: 'IPv5', ports: [{ port: 80 }], endpoints: [] }, 'default');
  assert.deepEqual(create('EndpointSlice', slice, 'discovery.k8s.io'), ['addressType: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", "FQDN"']);
  assert.deepEqual(slice.ports, [{ port: 80, protocol: 'TCP', name: '' }]);
});

test('lease validation', () => {
  assert.deepEqual(create('Lease', obj('coordination.k8s.io/v1', 'Lease', 'whale2', { spec: { leaseDurationSeconds: 0 } }, 'kube-node-lease'), 'coordination.k8s.io'), [
    'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
  ]);
});

test('priority classes: user classes stay below system ones, values are fixed', () => {
  const pc = obj('scheduling.k8s.io/v1', 'PriorityClass', 'high', { value: 1000 });
  assert.deepEqual(create('PriorityClass', pc, 'scheduling.k8s.io'), []);
  assert.equal(pc.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(create('PriorityClass', obj('scheduling.k8s.io/v1', 'PriorityClass', 'huge', { value: 1000000001 }), 'scheduling.k8s.io'), [
    'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
  ]);
  assert.deepEqual(create('PriorityClass', obj('scheduling.k8s.io/v1', 'PriorityClass', 'system-mine', { value: 1 }), 'scheduling.k8s.io'), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
  ]);
  assert.deepEqual(create('PriorityClass', obj('scheduling.k8s.io/v1', 'PriorityClass', 'system-node-critical', { value: 2000001000 }), 'scheduling.k8s.io'), []);
  assert.deepEqual(update('PriorityClass', obj('scheduling.k8s.io/v1', 'PriorityClass', 'high', { value: 5 }), pc, 'scheduling.k8s.io'), [
    'value: Forbidden: may not be changed in an update.',
  ]);
});

test('pod disruption budgets: minAvailable xor maxUnavailable', () => {
  const both = obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: 1, maxUnavailable: '10%', selector: { matchLabels: { app: 'web' } } } }, 'default');
  assert.deepEqual(create('PodDisruptionBudget', both, 'policy'), [
    'spec: Invalid value: {"minAvailable":1,"maxUnavailable":"10%","selector":{"matchLabels":{"app":"web"}}}: minAvailable and maxUnavailable cannot be both set',
  ]);
  const over = obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { maxUnavailable: '150%' } }, 'default');
  assert.deepEqual(create('PodDisruptionBudget', over, 'policy'), ['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']);
});

const RBAC = 'rbac.authorization.k8s.io';

test('rbac: rules and bindings have the right shape', () => {
  const role = obj(`${RBAC}/v1`, 'Role', 'reader', { rules: [{ resources: ['pods'] }] }, 'default');
  assert.deepEqual(create('Role', role, RBAC), [
    'rules[0].verbs: Required value: verbs must contain at least one value',
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
  ]);
  const binding = obj(`${RBAC}/v1`, 'ClusterRoleBinding', 'admins', { roleRef: { kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }, { kind: 'User', name: 'ann' }] });
  assert.deepEqual(create('ClusterRoleBinding', binding, RBAC), ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', 'subjects[0].namespace: Required value']);
  assert.equal(binding.subjects[1].apiGroup, RBAC, 'User subjects default to the RBAC group');
  const old = obj(`${RBAC}/v1`, 'RoleBinding', 'b', { roleRef: { apiGroup: RBAC, kind: 'Role', name: 'reader' }, subjects: [] }, 'default');
  const next = obj(`${RBAC}/v1`, 'RoleBinding', 'b', { roleRef: { apiGroup: RBAC, kind: 'Role', name: 'writer' }, subjects: [] }, 'default');
  assert.deepEqual(update('RoleBinding', next, old, RBAC), ['roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"writer"}: cannot change roleRef']);
});

function crd(spec: Record<string, unknown>, name = 'widgets.example.com'): KubeObject {
  return obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', name, { spec });
}

const schema = { openAPIV3Schema: { type: 'object' } };

test('crd: defaults and consistency of names and versions', () => {
  const good = crd({ group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema }] });
  assert.deepEqual(create('CustomResourceDefinition', good, 'apiextensions.k8s.io'), []);
  assert.deepEqual(good.spec.names, { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
  assert.deepEqual(good.spec.conversion, { strategy: 'None' });

  const bad = crd(
    { group: 'example', scope: 'Global', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', storage: true, schema }, { name: 'v2', storage: true }] },
    'widgets.example.com',
  );
  const causes = create('CustomResourceDefinition', bad, 'apiextensions.k8s.io');
  assert.equal(causes[0], 'metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group');
  assert.equal(causes[1], 'spec.group: Invalid value: "example": should be a domain with at least one dot');
  assert.equal(causes[2], 'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"');
  assert.equal(causes[3], 'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required');
  assert.match(causes[4], /^spec\.versions: Invalid value: \[.*\]: must have exactly one version marked as storage version$/);
  assert.equal(causes.length, 5);
});
