import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../src/emulator/apiserver/admission/index';
import { defaultImagePullPolicy } from '../../../src/emulator/apiserver/admission/pod-defaults';
import { pod, resource } from './helpers';

test('pod defaults: a minimal pod comes back as kubectl get -o yaml shows it', () => {
  const p = pod();
  assert.equal(applyDefaults(resource('Pod'), p, { operation: 'CREATE' }), undefined);
  assert.deepEqual(p.spec, {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        resources: {},
        volumeMounts: [{ name: 'kube-api-access-lxhg5', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    serviceAccountName: 'default',
    serviceAccount: 'default',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    volumes: [
      {
        name: 'kube-api-access-lxhg5',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ],
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
  });
  assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

const pullPolicies: [string, string][] = [
  ['nginx', 'Always'],
  ['nginx:latest', 'Always'],
  ['nginx:1.27', 'IfNotPresent'],
  ['localhost:5000/nginx', 'Always'],
  ['localhost:5000/nginx:v2', 'IfNotPresent'],
  ['nginx@sha256:abcd', 'IfNotPresent'],
];
for (const [image, policy] of pullPolicies) {
  test(`pod defaults: image ${image} pulls ${policy}`, () => assert.equal(defaultImagePullPolicy(image), policy));
}

test('pod defaults: ports get TCP, probes get their timings, set values stay', () => {
  const p = pod('web', {
    restartPolicy: 'Never',
    containers: [
      {
        name: 'app',
        image: 'nginx',
        imagePullPolicy: 'Never',
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        livenessProbe: { httpGet: { port: 80 } },
      },
    ],
  });
  applyDefaults(resource('Pod'), p, { operation: 'CREATE' });
  const c = p.spec.containers[0];
  assert.equal(p.spec.restartPolicy, 'Never');
  assert.equal(c.imagePullPolicy, 'Never');
  assert.deepEqual(c.ports, [
    { containerPort: 80, protocol: 'TCP' },
    { containerPort: 53, protocol: 'UDP' },
  ]);
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
});

test('pod defaults: requests default from limits and the QoS class follows', () => {
  const guaranteed = pod('g', { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '500m', memory: '128Mi' } } }] });
  applyDefaults(resource('Pod'), guaranteed, { operation: 'CREATE' });
  assert.deepEqual(guaranteed.spec.containers[0].resources.requests, { cpu: '500m', memory: '128Mi' });
  assert.equal(guaranteed.status.qosClass, 'Guaranteed');

  const burstable = pod('b', { containers: [{ name: 'a', image: 'x:1', resources: { requests: { cpu: '100m' } } }] });
  applyDefaults(resource('Pod'), burstable, { operation: 'CREATE' });
  assert.equal(burstable.status.qosClass, 'Burstable');

  const mixed = pod('m', { containers: [{ name: 'a', image: 'x:1', resources: { requests: { cpu: '0.5' }, limits: { cpu: '500m', memory: '1Gi' } } }] });
  applyDefaults(resource('Pod'), mixed, { operation: 'CREATE' });
  assert.equal(mixed.status.qosClass, 'Guaranteed', '0.5 and 500m are the same quantity');
});

test('pod defaults: a pod that tolerates not-ready keeps its own toleration', () => {
  const p = pod('web', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] });
  applyDefaults(resource('Pod'), p, { operation: 'CREATE' });
  assert.deepEqual(
    p.spec.tolerations.map((t: { key: string; tolerationSeconds: number }) => `${t.key}=${t.tolerationSeconds}`),
    ['node.kubernetes.io/not-ready=5', 'node.kubernetes.io/unreachable=300'],
  );
  const all = pod('all', { tolerations: [{ operator: 'Exists' }] });
  applyDefaults(resource('Pod'), all, { operation: 'CREATE' });
  assert.deepEqual(all.spec.tolerations, [{ operator: 'Exists' }], 'a match-everything toleration covers both taints');
});

test('pod defaults: the ServiceAccount must exist, and may opt out of the token volume', () => {
  const p = pod('web', { serviceAccountName: 'builder' });
  assert.deepEqual(applyDefaults(resource('Pod'), p, { operation: 'CREATE', serviceAccount: () => undefined }), {
    code: 403,
    reason: 'Forbidden',
    message: 'error looking up service account default/builder: serviceaccount "builder" not found',
  });
  const quiet = pod('web');
  applyDefaults(resource('Pod'), quiet, { operation: 'CREATE', serviceAccount: () => ({ automountServiceAccountToken: false }) });
  assert.equal(quiet.spec.volumes, undefined);
  const own = pod('web', { automountServiceAccountToken: false });
  applyDefaults(resource('Pod'), own, { operation: 'CREATE' });
  assert.equal(own.spec.containers[0].volumeMounts, undefined);
});

test('pod defaults: priority comes from the PriorityClass, system classes are built in', () => {
  const p = pod('web', { priorityClassName: 'system-node-critical' });
  assert.equal(applyDefaults(resource('Pod'), p, { operation: 'CREATE' }), undefined);
  assert.equal(p.spec.priority, 2000001000);

  const custom = pod('web', { priorityClassName: 'high' });
  const ctx = { operation: 'CREATE' as const, priorityClass: (n: string) => (n === 'high' ? { value: 1000, preemptionPolicy: 'Never' } : undefined) };
  assert.equal(applyDefaults(resource('Pod'), custom, ctx), undefined);
  assert.equal(custom.spec.priority, 1000);
  assert.equal(custom.spec.preemptionPolicy, 'Never');

  const byValue = pod('web', { priorityClassName: 'mid' });
  applyDefaults(resource('Pod'), byValue, { operation: 'CREATE', priorityClassValue: (n) => (n === 'mid' ? 50 : undefined) });
  assert.equal(byValue.spec.priority, 50);
});

test('pod defaults: an unknown PriorityClass is refused with 403 as kube-apiserver does', () => {
  const p = pod('web', { priorityClassName: 'nope' });
  assert.deepEqual(applyDefaults(resource('Pod'), p, { operation: 'CREATE', priorityClassValue: () => undefined }), {
    code: 403,
    reason: 'Forbidden',
    message: 'no PriorityClass with name nope was found',
  });
  const conflicting = pod('web', { priority: 7 });
  assert.equal(
    applyDefaults(resource('Pod'), conflicting, { operation: 'CREATE' })?.message,
    'the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
  );
});

test('pod defaults: the global default PriorityClass applies to pods that name none', () => {
  const p = pod();
  applyDefaults(resource('Pod'), p, { operation: 'CREATE', globalDefaultPriorityClass: () => ({ name: 'normal', value: 100 }) });
  assert.equal(p.spec.priorityClassName, 'normal');
  assert.equal(p.spec.priority, 100);
});

test('pod defaults: on update the create-only plugins stay out', () => {
  const p = pod('web', { priorityClassName: 'gone' });
  assert.equal(applyDefaults(resource('Pod'), p, { operation: 'UPDATE', priorityClassValue: () => undefined }), undefined);
  assert.equal(p.spec.tolerations, undefined);
  assert.equal(p.status, undefined);
});

test('pod defaults: without an operation, an object carrying a resourceVersion is an update', () => {
  const p = pod();
  p.metadata.resourceVersion = '12';
  applyDefaults(resource('Pod'), p);
  assert.equal(p.spec.serviceAccountName, undefined);
  assert.equal(p.spec.dnsPolicy, 'ClusterFirst');
});
