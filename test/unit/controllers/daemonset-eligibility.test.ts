// Which nodes a DaemonSet's pods belong on (nodeShouldRunDaemonPod): node selector, required node
// affinity, and NoSchedule / NoExecute taints against the template's tolerations plus the ones
// the controller adds to every daemon pod. The test is built once per DaemonSet and applied per node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { eligibilityFor } from '../../../src/emulator/controllers/daemonset/node-eligibility';

const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: { taints } });

const daemonSet = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'agent' }], ...spec } } },
});

test('nodeSelector and required node affinity pick the nodes; a mismatch means neither run nor keep running', () => {
  const eligible = eligibilityFor(
    daemonSet({
      nodeSelector: { disk: 'ssd' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } } },
    }),
  );
  assert.deepEqual(eligible(node('n1', { disk: 'ssd', zone: 'a' })), { shouldRun: true, shouldContinueRunning: true });
  assert.deepEqual(eligible(node('n2', { disk: 'hdd', zone: 'a' })), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(eligible(node('n3', { disk: 'ssd', zone: 'c' })), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(eligible(node('n4', { disk: 'ssd' })), { shouldRun: false, shouldContinueRunning: false });
});

test('an untolerated NoSchedule taint stops new pods but keeps one running; NoExecute removes it', () => {
  const eligible = eligibilityFor(daemonSet({}));
  const controlPlane = node('cp', {}, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  assert.deepEqual(eligible(controlPlane), { shouldRun: false, shouldContinueRunning: true });
  const evicting = node('e', {}, [
    { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
    { key: 'maintenance', effect: 'NoExecute' },
  ]);
  assert.deepEqual(eligible(evicting), { shouldRun: false, shouldContinueRunning: false });
  // PreferNoSchedule never keeps a daemon pod off a node.
  assert.deepEqual(eligible(node('p', {}, [{ key: 'busy', effect: 'PreferNoSchedule' }])), { shouldRun: true, shouldContinueRunning: true });
});

test("the controller's own daemon tolerations and the template's count, for every node tested", () => {
  // not-ready and unschedulable are tolerated by every daemon pod (the controller adds them).
  const eligible = eligibilityFor(daemonSet({ tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
  const nodes = [
    node('cp', {}, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
    node('cordoned', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
    node('down', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
    node('other', {}, [{ key: 'gpu', effect: 'NoSchedule' }]),
  ];
  assert.deepEqual(
    nodes.map((n) => [n.metadata.name, eligible(n).shouldRun, eligible(n).shouldContinueRunning]),
    [
      ['cp', true, true],
      ['cordoned', true, true],
      ['down', true, true],
      ['other', false, true],
    ],
  );
});
