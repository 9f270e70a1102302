import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../src/emulator/apiserver/admission/index';
import type { KubeObject } from '../../../src/kube/object';
import { create, deployment, resource, update } from './helpers';

function workload(kind: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } }, ...spec },
  };
}

test('workload defaults: Deployment', () => {
  const d = deployment();
  applyDefaults(resource('Deployment', 'apps'), d, { operation: 'CREATE' });
  assert.equal(d.spec.replicas, 1);
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
  const podSpec = d.spec.template.spec;
  assert.equal(podSpec.restartPolicy, 'Always');
  assert.equal(podSpec.schedulerName, 'default-scheduler');
  assert.equal(podSpec.containers[0].imagePullPolicy, 'Always');
  assert.equal(podSpec.tolerations, undefined, 'admission plugins touch pods, not templates');
  assert.equal(podSpec.serviceAccountName, undefined);
});

test('workload defaults: a Recreate Deployment gets no rollingUpdate', () => {
  const d = deployment(undefined, { strategy: { type: 'Recreate' } });
  applyDefaults(resource('Deployment', 'apps'), d);
  assert.deepEqual(d.spec.strategy, { type: 'Recreate' });
});

test('workload defaults: ReplicaSet, DaemonSet, StatefulSet', () => {
  const rs = workload('ReplicaSet');
  applyDefaults(resource('ReplicaSet', 'apps'), rs);
  assert.equal(rs.spec.replicas, 1);

  const ds = workload('DaemonSet');
  applyDefaults(resource('DaemonSet', 'apps'), ds);
  assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(ds.spec.revisionHistoryLimit, 10);

  const sts = workload('StatefulSet', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] });
  applyDefaults(resource('StatefulSet', 'apps'), sts);
  assert.equal(sts.spec.replicas, 1);
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
});

const deploymentCases: [string, KubeObject, string[]][] = [
  ['valid', deployment(), []],
  [
    'selector does not match template',
    deployment({ app: 'api', tier: 'x' }),
    ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"api", "tier":"x"}: `selector` does not match template `labels`'],
  ],
  ['missing selector', deployment(undefined, { selector: undefined }), ['spec.selector: Required value']],
  [
    'empty selector',
    deployment(undefined, { selector: {} }),
    ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ],
  ['negative replicas', deployment(undefined, { replicas: -1 }), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
  [
    'template restartPolicy Never',
    deployment(undefined, { template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'x' }] } } }),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ],
  [
    'rollingUpdate with Recreate',
    deployment(undefined, { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  ],
  [
    'both surge and unavailable zero',
    deployment(undefined, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0'],
  ],
  [
    'progress deadline not above minReadySeconds',
    deployment(undefined, { minReadySeconds: 10, progressDeadlineSeconds: 10 }),
    ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
  ],
  [
    'matchExpressions select the template',
    deployment({ app: 'web' }, { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } }),
    [],
  ],
];

for (const [name, obj, expected] of deploymentCases) {
  test(`deployment validation: ${name}`, () => assert.deepEqual(create('Deployment', obj, 'apps'), expected));
}

test('deployment update: the selector is immutable', () => {
  const old = deployment();
  applyDefaults(resource('Deployment', 'apps'), old);
  const next = deployment({ app: 'web', v: '2' }, { selector: { matchLabels: { app: 'web', v: '2' } } });
  assert.deepEqual(update('Deployment', next, old, 'apps'), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
});

test('daemonset validation: empty selector and strategy type', () => {
  assert.deepEqual(create('DaemonSet', workload('DaemonSet', { updateStrategy: { type: 'Sometimes' } }), 'apps'), [
    'spec.updateStrategy.type: Unsupported value: "Sometimes": supported values: "OnDelete", "RollingUpdate"',
  ]);
});

test('statefulset validation: podManagementPolicy and forbidden updates', () => {
  assert.deepEqual(create('StatefulSet', workload('StatefulSet', { podManagementPolicy: 'Random' }), 'apps'), [
    "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
  ]);
  const old = workload('StatefulSet', { serviceName: 'web' });
  applyDefaults(resource('StatefulSet', 'apps'), old);
  const scaled = structuredClone(old);
  scaled.spec.replicas = 3;
  assert.deepEqual(update('StatefulSet', scaled, old, 'apps'), []);
  const renamed = structuredClone(old);
  renamed.spec.serviceName = 'other';
  assert.deepEqual(update('StatefulSet', renamed, old, 'apps'), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
});
