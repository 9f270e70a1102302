// The adapter between the trace panels and src/trace, on the seed cluster's nodes fed through
// the real projections into a ClusterModel, as a connection feeds it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/kube/object.js';
import * as traceModule from '../../../src/trace/index.js';
import type { ClusterModule } from '../../../src/vscode/cluster-module.js';
import { traceApiOf, type TraceApi } from '../../../src/vscode/trace/trace-api.js';
import { makePod, seedNodes } from '../scheduler/fixtures.js';
import { FedModel } from '../trace/scheduling-snapshot.fixtures.js';

const UNTOLERATED = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function api(): TraceApi {
  const a = traceApiOf(traceModule as unknown as ClusterModule);
  assert.ok(typeof a !== 'string', String(a));
  return a;
}

function deployment(replicas: unknown): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
    },
  };
}

test('a cluster bundle without the trace module is named, not crashed on', () => {
  const reason = traceApiOf({} as ClusterModule);
  assert.equal(typeof reason, 'string');
  assert.match(String(reason), /SchedulingSnapshot, reconstructDecision, whatIf, decisionTable, PodTraceSource/);
});

test('the what-if of a Deployment on the seed cluster puts its 3 pods on the workers, and explains whale1', () => {
  const fed = new FedModel(seedNodes(), []);
  const handle = api().schedulingSnapshot(fed.model);
  const run = handle.whatIf({ objects: [deployment(3)], locations: ['web.yaml:1'], problems: [] }, { defaultNamespace: 'default' });
  assert.equal(run.placements.length, 3);
  for (const p of run.placements) {
    assert.equal(p.outcome, 'Scheduled');
    assert.ok(p.nodeName === 'whale2' || p.nodeName === 'whale3', p.nodeName);
  }
  const decision = run.decision(0);
  assert.equal(decision?.source, 'what-if');
  const whale1 = decision?.rows.find((r) => r.node === 'whale1');
  assert.equal(whale1?.verdict, 'filtered');
  assert.equal(whale1?.rejectedBy, 'TaintToleration');
  assert.deepEqual(whale1?.reasons, [UNTOLERATED]);
  assert.equal(run.decision(0), decision, 'a decision is built once');
  assert.equal(run.decision(3), null);
  // Nothing stays assumed: a second what-if sees the same free cluster.
  const again = handle.whatIf({ objects: [deployment(3)], locations: ['web.yaml:1'], problems: [] }, { defaultNamespace: 'default' });
  assert.deepEqual(again.placements.map((p) => p.nodeName), run.placements.map((p) => p.nodeName));
  handle.dispose();
});

test('a bad document is reported at its place in the file', () => {
  const fed = new FedModel(seedNodes(), []);
  const handle = api().schedulingSnapshot(fed.model);
  const run = handle.whatIf({ objects: [deployment('three')], locations: ['web.yaml:12'], problems: [] }, { defaultNamespace: 'default' });
  assert.equal(run.placements.length, 0);
  assert.ok(run.notes.some((n) => n.startsWith('web.yaml:12: ')), run.notes.join('\n'));
  handle.dispose();
});

test('a reconstruction lists every node and picks a worker for a pod without tolerations', () => {
  const pod = makePod('web-1', { cpu: '100m' });
  pod.spec.nodeName = 'whale2';
  const fed = new FedModel(seedNodes(), [pod]);
  const handle = api().schedulingSnapshot(fed.model);
  const r = handle.reconstruct(pod);
  assert.deepEqual([...r.allNodeNames].sort(), ['whale1', 'whale2', 'whale3']);
  assert.equal(r.trace.outcome, 'Scheduled');
  assert.ok(r.trace.nodeName === 'whale2' || r.trace.nodeName === 'whale3');
  handle.dispose();
});

test('the snapshot is warmed once: the first warm builds it, later ones cost nothing, and reconstructions use it', () => {
  const pod = makePod('web-1', { cpu: '100m' });
  pod.spec.nodeName = 'whale2';
  const fed = new FedModel(seedNodes(), [pod]);
  const handle = api().schedulingSnapshot(fed.model);
  assert.equal(handle.built, false, 'nothing is built before a trace needs it');
  assert.ok(handle.warm() >= 0);
  assert.equal(handle.built, true);
  assert.equal(handle.warm(), 0, 'a built snapshot is not built again');
  assert.equal(handle.reconstruct(pod).trace.outcome, 'Scheduled');
  handle.dispose();
});

test('a reconstruction says how it compares with the pod\'s node, and its caveats', () => {
  const pod = makePod('web-1', { cpu: '100m' });
  pod.spec.nodeName = 'whale1';
  pod.spec.schedulerName = 'my-scheduler';
  const handle = api().schedulingSnapshot(new FedModel(seedNodes(), [pod]).model);
  const r = handle.reconstruct(pod, { selectorOwners: {}, storage: { persistentVolumeClaims: [], persistentVolumes: [], storageClasses: [] }, notes: ['Services of namespace default could not be listed (forbidden)'] });
  assert.equal(r.agreement, 'different', 'the default profile never puts an untolerating pod on the tainted control plane');
  assert.equal(r.notes[0], 'Services of namespace default could not be listed (forbidden)');
  assert.ok(r.notes.some((n) => n.includes('"my-scheduler"')), r.notes.join('\n'));
  const pending = makePod('web-2', { cpu: '100m' });
  assert.equal(handle.reconstruct(pending).agreement, 'pending');
  handle.dispose();
});
