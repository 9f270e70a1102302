import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodRecord } from '../../../src/cluster/projections.js';
import {
  isTraceableWorkload,
  manifestPanelTitle,
  manifestSubjectKey,
  podPanelTitle,
  podPickItems,
  podRefFromArgument,
  podSubjectKey,
} from '../../../src/vscode/trace/trace-subjects.js';

test('a tree element of a pod or a control-plane instance names its pod', () => {
  assert.deepEqual(podRefFromArgument({ kind: 'pod', id: 'pod/whale2/default/web-1', podKey: 'default/web-1' }), { namespace: 'default', name: 'web-1' });
  assert.deepEqual(podRefFromArgument({ kind: 'instance', id: 'cp/etcd/kube-system/etcd-whale1', component: 'etcd', podKey: 'kube-system/etcd-whale1' }), { namespace: 'kube-system', name: 'etcd-whale1' });
  assert.equal(podRefFromArgument({ kind: 'node', id: 'node/whale2', nodeName: 'whale2' }), undefined);
});

test('the diagram\'s pod context menu argument names its pod', () => {
  const arg = { webview: 'clusterAnatomy.architectureDiagram', webviewSection: 'pod', podNamespace: 'kube-system', podName: 'coredns-565d847f94-lmbvb', preventDefaultContextMenuItems: true };
  assert.deepEqual(podRefFromArgument(arg), { namespace: 'kube-system', name: 'coredns-565d847f94-lmbvb' });
  assert.equal(podRefFromArgument({ webviewSection: 'node', podNamespace: 'a', podName: 'b' }), undefined);
});

test('untrusted arguments that are not pod names are refused', () => {
  for (const bad of [undefined, null, 42, 'no-slash', '/x', 'ns/', { podNamespace: 'a' }, { webviewSection: 'pod', podNamespace: 'A', podName: 'b' },
    { webviewSection: 'pod', podNamespace: 'a', podName: '../../etc' }, { namespace: 'a', name: 'x'.repeat(300) }, { kind: 'pod', podKey: 7 }, ['default', 'web']]) {
    assert.equal(podRefFromArgument(bad), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(podRefFromArgument('default/web-1'), { namespace: 'default', name: 'web-1' });
  assert.deepEqual(podRefFromArgument({ namespace: 'default', name: 'web-1' }), { namespace: 'default', name: 'web-1' });
});

test('one panel per pod of a cluster, titled by namespace/name', () => {
  const a = podSubjectKey('kind-a', { namespace: 'default', name: 'web-1' });
  assert.equal(a, podSubjectKey('kind-a', { namespace: 'default', name: 'web-1' }));
  assert.notEqual(a, podSubjectKey('kind-b', { namespace: 'default', name: 'web-1' }));
  assert.notEqual(a, podSubjectKey('kind-a', { namespace: 'other', name: 'web-1' }));
  assert.equal(podPanelTitle({ namespace: 'default', name: 'web-1' }), 'Trace: default/web-1');
  assert.notEqual(manifestSubjectKey('c', 'file:///d.yaml', 0), manifestSubjectKey('c', 'file:///d.yaml', 1));
  assert.notEqual(manifestSubjectKey('c', 'file:///d.yaml', undefined), manifestSubjectKey('c', 'file:///d.yaml', 0));
  assert.equal(manifestPanelTitle('deployment.yaml', { kind: 'Deployment', name: 'web' }), 'What-if: deployment.yaml (Deployment/web)');
  assert.equal(manifestPanelTitle('all.yaml'), 'What-if: all.yaml');
});

function pod(namespace: string, name: string, nodeName: string, phase: string, extra: Partial<PodRecord> = {}): PodRecord {
  return { kind: 'Pod', namespace, name, resourceVersion: '1', nodeName, phase, readyContainers: 0, totalContainers: 1, restarts: 0, mirror: false, deleting: false, ...extra };
}

test('the pod picker lists Pending pods first, each with its node and status', () => {
  const items = podPickItems([
    pod('kube-system', 'coredns-1', 'whale1', 'Running'),
    pod('default', 'web-2', 'whale3', 'Running', { reason: 'CrashLoopBackOff' }),
    pod('default', 'big', '', 'Pending'),
    pod('default', 'web-1', 'whale2', 'Running', { deleting: true }),
  ]);
  assert.deepEqual(items.map((i) => i.label), ['default/big', 'default/web-1', 'default/web-2', 'kube-system/coredns-1']);
  assert.deepEqual(items.map((i) => i.description), ['no node · Pending', 'whale2 · Terminating', 'whale3 · CrashLoopBackOff', 'whale1 · Running']);
  assert.deepEqual(items[0].pod, { namespace: 'default', name: 'big' });
});

test('"Trace scheduling" is offered for the workloads whose controllers create pods, by API group', () => {
  for (const [apiVersion, kind] of [['v1', 'Pod'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job']]) {
    assert.equal(isTraceableWorkload({ apiVersion, kind }), true, kind);
  }
  for (const [apiVersion, kind] of [['v1', 'Service'], ['v1', 'ConfigMap'], ['example.com/v1', 'Deployment'], ['v1', 'toString'], ['v1', 'constructor']]) {
    assert.equal(isTraceableWorkload({ apiVersion, kind }), false, `${apiVersion} ${kind}`);
  }
  assert.equal(isTraceableWorkload(undefined), false);
  assert.equal(isTraceableWorkload({ kind: 'Pod' }), false);
});
