import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOGUE, COMPONENT_ORDER, EDGES } from '../../../src/anatomy/catalogue.js';
import { detectDistribution } from '../../../src/anatomy/distribution.js';
import type { HealthContext } from '../../../src/anatomy/health.js';
import { addOnTooltip, controlPlaneTooltip, escapeMarkdown, nodeComponentTooltip, tooltipMarkdown } from '../../../src/anatomy/tooltip.js';
import { parseHealthChecks } from '../../../src/cluster/probes.js';
import { projectNode, projectPod } from '../../../src/cluster/projections.js';
import { NOW, node, pod, seedNodes } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';
import { READYZ_ETCD_DOWN } from '../cluster/fixtures/readyz.js';

const kubeadm = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });

function ctx(): HealthContext {
  const { checks, verdict } = parseHealthChecks(READYZ_ETCD_DOWN);
  return { model: seedModel(), distribution: kubeadm, now: NOW, probes: { readyz: { endpoint: 'readyz', status: 500, ok: false, checks, verdict, text: READYZ_ETCD_DOWN } } };
}

test('only kube-apiserver talks to etcd; every other component goes through kube-apiserver', () => {
  assert.deepEqual(EDGES.filter((e) => e.to === 'etcd' || e.from === 'etcd').map((e) => e.from), ['kube-apiserver']);
  for (const c of ['kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager', 'kubelet', 'kube-proxy', 'coredns'] as const) {
    assert.ok(EDGES.some((e) => e.from === c && e.to === 'kube-apiserver' && e.purpose === 'watch and write'), c);
  }
  assert.ok(EDGES.some((e) => e.from === 'kube-apiserver' && e.to === 'kubelet' && e.purpose === 'logs, exec, attach, port-forward'));
  assert.deepEqual(Object.keys(CATALOGUE).sort(), [...COMPONENT_ORDER].sort());
});

test('the scheduler hover explains its role, its three steps, leader election and shows the live leader', () => {
  const t = controlPlaneTooltip('kube-scheduler', ctx());
  assert.equal(t.health.state, 'healthy');
  assert.equal(t.subtitle, '1 instance');
  assert.deepEqual(t.facts, [{ label: 'whale1', value: 'kube-scheduler-whale1 (leader)' }]);
  const md = tooltipMarkdown(t);
  assert.match(md, /^\$\(target\) \*\*kube\\-scheduler\*\* — 1 instance\n/);
  assert.match(md, /1\. watches, through kube-apiserver, for pods that need a node;\n2\. binds the pod/);
  assert.match(md, /only one is active: they elect a leader through a Lease/);
  assert.match(md, /leader whale1, Lease renewed 3 s ago/);
  // VS Code renders a Markdown table only when its header row has text.
  assert.match(md, /\n\| node \| pod \|\n\|---\|---\|\n\| whale1 \| kube\\-scheduler\\-whale1 \\\(leader\\\) \|\n/);
  assert.doesNotMatch(md, /^\| +\| +\|$/m);
});

test('the API server hover lists the probe checks, failed first, as the server prints them', () => {
  const t = controlPlaneTooltip('kube-apiserver', ctx());
  assert.equal(t.health.state, 'unhealthy');
  const md = tooltipMarkdown(t);
  assert.match(md, /\$\(error\) \*\*unhealthy\*\*/);
  assert.match(md, /\*\*\/readyz\?verbose\*\*\n\n```\n\[-\]etcd failed: reason withheld\n\[\+\]ping ok\n/);
  assert.match(md, /several instances behind a load balancer/);
});

test('etcd\'s hover gives the odd-sized Raft quorum rule and the member count', () => {
  const md = tooltipMarkdown(controlPlaneTooltip('etcd', ctx()));
  assert.match(md, /Raft consensus algorithm/);
  assert.match(md, /1 of 1 members ready; quorum needs 1/);
  assert.match(md, /Only kube-apiserver reads and writes it/);
});

test('the kubelet hover says it runs on the host and starts static pods, with node conditions', () => {
  const c = ctx();
  const t = nodeComponentTooltip('kubelet', c.model.node('whale2')!, c);
  assert.equal(t.subtitle, 'on whale2');
  assert.ok(t.facts.some((f) => f.label === 'Ready' && f.value === 'True (KubeletReady)'));
  const md = tooltipMarkdown(t);
  assert.match(md, /directly on the host/);
  assert.match(md, /static pods/);
  assert.match(md, /last heartbeat 4 s ago/);
  assert.match(md, /\| node condition \| status \|\n\|---\|---\|\n/);
});

test('text from the cluster cannot inject links or HTML into the hover', () => {
  const c = ctx();
  c.model.applyNode('ADDED', projectNode(node('evil')));
  c.model.applyPod('ADDED', projectPod(pod('kube-system', 'kube-proxy-[x](http://evil)', 'evil', { labels: { 'k8s-app': 'kube-proxy' }, ready: false })));
  const md = tooltipMarkdown(nodeComponentTooltip('kube-proxy', c.model.node('evil')!, c));
  assert.ok(!md.includes('[x](http://evil)'));
  assert.ok(md.includes('kube\\-proxy\\-\\[x\\]\\(http://evil\\)'));
  assert.equal(escapeMarkdown('<img src=x>'), '\\<img src=x\\>');
});

test('CoreDNS is shown as an add-on with its replicas', () => {
  const t = addOnTooltip(ctx());
  assert.equal(t.subtitle, '2 replicas');
  assert.match(tooltipMarkdown(t), /An add-on, not a core component/);
});
