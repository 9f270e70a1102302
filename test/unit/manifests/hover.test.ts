import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../../src/manifests/documents';
import { hoverAt, liveStatusMarkdown } from '../../../src/manifests/hover';
import { KIND_ROLES } from '../../../src/manifests/kind-roles';

const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      nodeSelector:
        disk: ssd
      tolerations:
        - key: gpu
          operator: Exists
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution: []
      containers:
        - name: web
          image: nginx
          resources:
            requests:
              cpu: 100m
  volumeClaimTemplates:
    - spec:
        resources:
          requests:
            storage: 1Gi
`;
const [doc] = parseManifests(text);
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

test('hovering kind names the components that act on it, down to the kubelet', () => {
  const h = hoverAt(doc, 1, 2);
  assert.ok(h);
  assert.match(h.markdown, /Deployment controller/);
  assert.match(h.markdown, /kube-controller-manager/);
  assert.match(h.markdown, /ReplicaSet/);
  assert.match(h.markdown, /kube-scheduler/);
  assert.match(h.markdown, /kubelet/);
  // On the value too.
  assert.equal(hoverAt(doc, 1, 8)?.markdown, h.markdown);
});

test('scheduling fields explain the plugin, filter or score, and the weight', () => {
  const sel = hoverAt(doc, lineOf('nodeSelector'), 8);
  assert.match(sel?.markdown ?? '', /NodeAffinity.*Filter/s);
  assert.equal(sel?.range.start.line, lineOf('nodeSelector'));
  // A value under the field still explains the field.
  assert.match(hoverAt(doc, lineOf('disk: ssd'), 9)?.markdown ?? '', /nodeSelector/);
  assert.match(hoverAt(doc, lineOf('- key: gpu'), 12)?.markdown ?? '', /TaintToleration.*weight 3/s);
  assert.match(hoverAt(doc, lineOf('cpu: 100m'), 14)?.markdown ?? '', /NodeResourcesFit.*Insufficient cpu/s);
  assert.match(hoverAt(doc, lineOf('requiredDuring'), 12)?.markdown ?? '', /filtered/);
  assert.match(hoverAt(doc, lineOf('podAntiAffinity'), 10)?.markdown ?? '', /InterPodAffinity/);
});

test('a storage request of a volume claim template is not a scheduling field; neither is a name', () => {
  assert.equal(hoverAt(doc, lineOf('storage: 1Gi'), 14), undefined);
  assert.equal(hoverAt(doc, lineOf('name: web'), 4), undefined);
  assert.equal(hoverAt(doc, 40, 0), undefined);
});

test('every common built-in kind has a role, and custom kinds get an honest answer', () => {
  for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'ConfigMap', 'Secret', 'Namespace', 'Node', 'PersistentVolumeClaim', 'Ingress', 'PriorityClass', 'HorizontalPodAutoscaler']) {
    assert.ok(KIND_ROLES[kind]?.actors.length, kind);
  }
  const [widget] = parseManifests('apiVersion: example.com/v1\nkind: Widget\n');
  assert.match(hoverAt(widget, 1, 1)?.markdown ?? '', /not a built-in kind/);
});

test('the live section shows counts and conditions of the object in the cluster', () => {
  const md = liveStatusMarkdown({ metadata: { name: 'web' }, status: { replicas: 3, readyReplicas: 1, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }] } });
  assert.match(md, /replicas 3, readyReplicas 1/);
  assert.match(md, /Available: False \(MinimumReplicasUnavailable\)/);
});
