// An exact reconstruction on a real cluster: what the model does not keep (the pod's controller,
// the Services selecting it, its claims and their volumes) is read through the transport and
// changes the decision; what cannot be read is said in a note, and the trace still shows a decision.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock.js';
import type { Pod } from '../../../src/scheduler/index.js';
import * as traceModule from '../../../src/trace/index.js';
import type { ClusterModule } from '../../../src/vscode/cluster-module.js';
import { reconstructionInputs, serviceSelectsPod } from '../../../src/vscode/trace/reconstruction-inputs.js';
import { traceApiOf, type TraceApi } from '../../../src/vscode/trace/trace-api.js';
import { makePod, seedNodes } from '../scheduler/fixtures.js';
import { FedModel } from '../trace/scheduling-snapshot.fixtures.js';
import { FakeTransport, json, list, status, type Route } from '../trace/pod-trace-source.fakes.js';

const NODE_CONFLICT = 'node(s) had volume node affinity conflict';
const LEFT_OUT = /^VolumeBinding and VolumeRestrictions were left out/;
const APPROXIMATED = /^Default spreading used the pod's labels/;

function api(): TraceApi {
  const a = traceApiOf(traceModule as unknown as ClusterModule);
  assert.ok(typeof a !== 'string', String(a));
  return a;
}

/** db-0 of StatefulSet db, with claim data-db-0, running on whale3. */
function dbPod(): Pod {
  const pod = makePod('db-0', { cpu: '100m' });
  pod.metadata.labels = { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' };
  pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 's1', controller: true }];
  pod.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }, { name: 'cache', emptyDir: {} } as never];
  pod.spec.nodeName = 'whale3';
  return pod;
}

const STATEFULSET = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } } };
const SERVICES = [
  { metadata: { name: 'db', namespace: 'default' }, spec: { selector: { app: 'db' } } },
  { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } },
  { metadata: { name: 'external', namespace: 'default' }, spec: { type: 'ExternalName' } },
];
const PVC = { metadata: { name: 'data-db-0', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local', volumeName: 'pv-whale3' } };
const PV = {
  metadata: { name: 'pv-whale3' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '10Gi' },
    storageClassName: 'local',
    claimRef: { namespace: 'default', name: 'data-db-0' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['whale3'] }] }] } },
  },
};
const CLASS = { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };

const FORBIDDEN = (what: string) => status(403, 'Forbidden', `${what} is forbidden: User "dev" cannot get resource`);

function realCluster(overrides: Record<string, ReturnType<typeof json>> = {}): FakeTransport {
  const routes: Record<string, ReturnType<typeof json>> = {
    '/apis/apps/v1/namespaces/default/statefulsets/db': json(STATEFULSET),
    '/api/v1/namespaces/default/services': list(SERVICES),
    '/api/v1/namespaces/default/persistentvolumeclaims/data-db-0': json(PVC),
    '/api/v1/persistentvolumes/pv-whale3': json(PV),
    '/apis/storage.k8s.io/v1/storageclasses/local': json(CLASS),
    ...overrides,
  };
  const route: Route = (path) => routes[path];
  return new FakeTransport(route);
}

test('a StatefulSet pod with a local volume: its controller, Service and storage are read, and the volume pins the decision to its node', async () => {
  const pod = dbPod();
  const transport = realCluster();
  const inputs = await reconstructionInputs(transport, pod);
  assert.deepEqual(inputs.notes, []);
  assert.deepEqual(inputs.selectorOwners.statefulSets?.map((s) => s.metadata.name), ['db']);
  assert.deepEqual(inputs.selectorOwners.services?.map((s) => s.metadata.name), ['db'], 'only the Service selecting the pod');
  assert.deepEqual(inputs.storage.persistentVolumeClaims.map((c) => c.metadata.name), ['data-db-0']);
  assert.deepEqual(inputs.storage.persistentVolumes.map((v) => v.metadata.name), ['pv-whale3']);
  assert.deepEqual(inputs.storage.storageClasses.map((c) => c.metadata.name), ['local']);
  assert.ok(!transport.gets.some((g) => g.path === '/api/v1/persistentvolumes'), 'a bound claim needs only its own volume');

  const handle = api().schedulingSnapshot(new FedModel(seedNodes(), [pod]).model);
  const exact = handle.reconstruct(pod, inputs);
  assert.equal(exact.trace.nodeName, 'whale3', 'the volume lives on whale3');
  assert.equal(exact.agreement, 'same');
  assert.deepEqual(exact.notes.filter((n) => LEFT_OUT.test(n) || APPROXIMATED.test(n)), [], exact.notes.join('\n'));
  const table = traceModule.decisionTable(exact.trace, 'reconstructed', { actualNodeName: 'whale3', allNodeNames: exact.allNodeNames });
  const whale2 = table.rows.find((r) => r.node === 'whale2');
  assert.equal(whale2?.rejectedBy, 'VolumeBinding');
  assert.deepEqual(whale2?.reasons, [NODE_CONFLICT]);

  // Without what the model does not keep, the volume plugins are left out, and the notes say so.
  const blind = handle.reconstruct(pod);
  assert.ok(blind.notes.some((n) => LEFT_OUT.test(n)), blind.notes.join('\n'));
  assert.ok(blind.notes.some((n) => APPROXIMATED.test(n)), blind.notes.join('\n'));
  handle.dispose();
});

test('what cannot be read is left out with a note saying what and why, and the decision is still made', async () => {
  const pod = dbPod();
  const transport = realCluster({
    '/apis/apps/v1/namespaces/default/statefulsets/db': FORBIDDEN('statefulsets.apps "db"'),
    '/api/v1/namespaces/default/services': FORBIDDEN('services'),
    '/api/v1/namespaces/default/persistentvolumeclaims/data-db-0': status(404, 'NotFound', 'persistentvolumeclaims "data-db-0" not found'),
  });
  const inputs = await reconstructionInputs(transport, pod);
  assert.equal(inputs.notes.length, 3, inputs.notes.join('\n'));
  assert.match(inputs.notes[0], /^The pod's StatefulSet default\/db could not be read \(forbidden: statefulsets\.apps "db" is forbidden.*\): default spreading selects by the pod's own labels/);
  assert.match(inputs.notes[1], /^Services of namespace default could not be listed \(forbidden: .*\): default spreading leaves out any Service selecting the pod\.$/);
  assert.equal(inputs.notes[2], 'PersistentVolumeClaims of the pod could not be read: data-db-0 (not found).');

  const handle = api().schedulingSnapshot(new FedModel(seedNodes(), [pod]).model);
  const r = handle.reconstruct(pod, inputs);
  assert.equal(r.trace.outcome, 'Scheduled');
  assert.deepEqual(r.notes.slice(0, 3), inputs.notes, 'what could not be read comes first');
  assert.ok(r.notes.some((n) => LEFT_OUT.test(n)), r.notes.join('\n'));
  assert.ok(!r.notes.some((n) => APPROXIMATED.test(n)), 'the note on the unreadable StatefulSet says it once');
  handle.dispose();
});

test('an unbound claim waiting for its first consumer: every PersistentVolume is read; failures and garbage never throw', async () => {
  const pod = dbPod();
  const unbound = { ...PVC, spec: { ...PVC.spec, volumeName: undefined } };
  const transport = realCluster({
    '/api/v1/namespaces/default/persistentvolumeclaims/data-db-0': json(unbound),
    '/api/v1/persistentvolumes': list([PV, { kind: 'garbage' }, 7]),
    '/apis/storage.k8s.io/v1/storageclasses/local': { status: 200, body: 'not json' },
  });
  const inputs = await reconstructionInputs(transport, pod);
  assert.deepEqual(inputs.storage.persistentVolumes.map((v) => v.metadata.name), ['pv-whale3'], 'nameless items are dropped');
  assert.deepEqual(inputs.storage.storageClasses, []);
  assert.equal(inputs.notes.length, 1, inputs.notes.join('\n'));
  assert.match(inputs.notes[0], /^Storage of the pod could not be read completely \(StorageClass local: the answer is not a JSON object\)/);

  const broken: FakeTransport = new FakeTransport(() => {
    throw new Error('connection reset');
  });
  const none = await reconstructionInputs(broken, pod);
  assert.equal(none.notes.length, 3);
  assert.ok(none.notes.every((n) => n.includes('connection reset')), none.notes.join('\n'));
  for (const garbled of [null, 42, { metadata: 'x' }, { metadata: { name: 'p', ownerReferences: 'x', labels: 3 }, spec: { volumes: {} } }]) {
    const out = await reconstructionInputs(broken, garbled);
    assert.deepEqual(out.selectorOwners, {});
  }
  // An owner kind that is no controller of ours is not asked for, whatever its name.
  const odd = new FakeTransport(() => undefined);
  for (const kind of ['__proto__', 'toString', 'DaemonSet']) {
    await reconstructionInputs(odd, { metadata: { name: 'p', ownerReferences: [{ kind, name: 'x', controller: true }] } });
  }
  assert.deepEqual(odd.gets.map((g) => g.path), ['/api/v1/namespaces/default/services', '/api/v1/namespaces/default/services', '/api/v1/namespaces/default/services']);
});

test('a Service selects the pod only when every key of its selector matches; without a selector it selects nothing', () => {
  assert.equal(serviceSelectsPod({ spec: { selector: { app: 'db' } } }, { app: 'db', tier: 'x' }), true);
  assert.equal(serviceSelectsPod({ spec: { selector: { app: 'db', tier: 'y' } } }, { app: 'db', tier: 'x' }), false);
  assert.equal(serviceSelectsPod({ spec: {} }, { app: 'db' }), false);
  assert.equal(serviceSelectsPod({ spec: { selector: { app: 5 } } }, { app: '5' }), false);
});

test('the pod trace on a real cluster shows the reconstruction with its caveats and its agreement with the pod\'s node', async () => {
  const pod = dbPod();
  (pod.metadata as Record<string, unknown>).resourceVersion = '5';
  pod.status = { phase: 'Running' };
  const routes: Route = (path) => {
    if (path === '/apis') return json({ kind: 'APIGroupList', groups: [{ name: 'apps', versions: [{ version: 'v1' }] }] });
    if (path === '/api/v1/namespaces/default/pods/db-0') return json(pod);
    if (path === '/api/v1/namespaces/default/pods') return list([pod]);
    if (path === '/api/v1/namespaces/default/events') return list([]);
    if (path === '/api/v1/namespaces/default/services') return FORBIDDEN('services');
    if (path === '/apis/apps/v1/namespaces/default/statefulsets/db') return json(STATEFULSET);
    if (path === '/api/v1/namespaces/default/persistentvolumeclaims/data-db-0') return json(PVC);
    if (path === '/api/v1/persistentvolumes/pv-whale3') return json(PV);
    if (path === '/apis/storage.k8s.io/v1/storageclasses/local') return json(CLASS);
    return undefined;
  };
  const transport = new FakeTransport(routes);
  const handle = api().schedulingSnapshot(new FedModel(seedNodes(), [pod]).model);
  const feed = api().podFeed({
    transport,
    clusterName: 'prod',
    namespace: 'default',
    name: 'db-0',
    clock: new FakeClock(Date.UTC(2026, 0, 1)),
    nodeNames: () => ['whale1', 'whale2', 'whale3'],
    // As the extension does it: what the model lacks is read, then the snapshot decides.
    reconstruct: async (p) => handle.reconstruct(p, await reconstructionInputs(transport, p as Pod)),
    log: (m) => assert.fail(m),
  });
  const states: Array<typeof feed.state> = [];
  feed.onDidChange((s) => states.push(s));
  feed.start();
  const deadline = Date.now() + 5_000;
  while (!states.some((s) => s?.decision) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  const state = states.find((s) => s?.decision);
  assert.ok(state, 'a decision was shown');
  assert.equal(state.decision?.source, 'reconstructed');
  assert.equal(state.decision?.nodeName, 'whale3');
  assert.deepEqual(state.decision?.warnings, []);
  assert.match(state.notes[0], /^Reconstruction: kube-scheduler's own record is not available/);
  assert.ok(state.notes.some((n) => n.startsWith('Services of namespace default could not be listed (forbidden')), state.notes.join('\n'));
  assert.ok(state.notes.includes('The reconstruction agrees with kube-scheduler: it picks whale3, the node the pod runs on.'), state.notes.join('\n'));
  feed.dispose();
  handle.dispose();
});
