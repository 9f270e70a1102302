// The node table (flat per-node rows the plugins read) must give exactly the statuses and
// scores the NodeInfo objects give: random clusters (taints, cordons, extended resources,
// images, host ports, full nodes) compared plugin by plugin against the object-path code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod, Taint, Toleration } from '../../../src/scheduler';
import { CycleState, findUntoleratedTaint, NodeInfo, podInfoOf, PluginNames, type AnyPlugin, type PodInfo } from '../../../src/scheduler';
import { tolerationsTolerateTaint } from '../../../src/scheduler/api/tolerations';
import { balancedResourceScore } from '../../../src/scheduler/plugins/balanced-allocation';
import { imageLocalityScore } from '../../../src/scheduler/plugins/image-locality';
import { fitsRequest, leastRequestedScore } from '../../../src/scheduler/plugins/node-resources-fit';
import { ErrReasonUnschedulable } from '../../../src/scheduler/plugins/node-unschedulable';
import { untoleratedTaintReason } from '../../../src/scheduler/plugins/taint-toleration';
import { fitsPorts } from '../../../src/scheduler/plugins/node-ports';
import { normalizedImageName } from '../../../src/scheduler/snapshot/node-info';
import { buildConstraints, countMatchingCached } from '../../../src/scheduler/plugins/topology-spread-constraints';
import { makeNode, makePod, pluginOn, Snapshot } from './fixtures';
import { seededRandom } from '../../../src/kube/seeded-random';

/** Deterministic random numbers, so a failure reproduces. */
const rng = seededRandom;

const MB = 1024 * 1024;
const IMAGES = ['nginx:1.29', 'nginx', 'redis:7', 'registry.example/big:1', 'busybox'];
const TAINT_KEYS = ['dedicated', 'gpu', 'node.kubernetes.io/unschedulable'];
const EFFECTS = ['NoSchedule', 'NoExecute', 'PreferNoSchedule'];

function randomNode(r: () => number, name: string): Node {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const taints: Taint[] = [];
  for (let i = Math.floor(r() * 3) - 1; i > 0 || (i === 0 && r() < 0.3); i--) taints.push({ key: pick(TAINT_KEYS), value: r() < 0.5 ? 'x' : undefined, effect: pick(EFFECTS) } as Taint);
  const images = IMAGES.filter(() => r() < 0.4).map((n) => ({ names: [n], sizeBytes: Math.floor(r() * 1500) * MB }));
  const node = makeNode(name, {
    cpu: pick(['0', '500m', '2', '4']),
    memory: pick(['0', '1Gi', '4Gi']),
    pods: pick([0, 1, 3, 110]),
    unschedulable: r() < 0.2,
    taints: taints.length ? taints : undefined,
    images,
    extended: r() < 0.3 ? { 'example.com/gpu': pick(['1', '2']) } : undefined,
  });
  if (r() < 0.2) node.status!.allocatable!['ephemeral-storage'] = pick(['1Gi', '10Gi']);
  return node;
}

function randomPod(r: () => number, name: string, nodeName?: string): Pod {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const tolerations: Toleration[] = [];
  if (r() < 0.3) tolerations.push({ key: pick(TAINT_KEYS), operator: pick(['Exists', 'Equal']), value: 'x', ...(r() < 0.5 ? { effect: pick(EFFECTS) } : {}) } as Toleration);
  if (r() < 0.05) tolerations.push({ operator: 'Exists' });
  const pod = makePod(name, {
    cpu: r() < 0.8 ? pick(['0', '100m', '1', '3']) : undefined,
    memory: r() < 0.8 ? pick(['0', '128Mi', '2Gi']) : undefined,
    tolerations: tolerations.length ? tolerations : undefined,
    image: pick(IMAGES),
    extended: r() < 0.2 ? { 'example.com/gpu': '1' } : undefined,
    hostPort: r() < 0.15 ? pick([80, 8080]) : undefined,
    nodeName,
  });
  if (r() < 0.1) pod.spec.containers[0].resources!.requests = { ...(pod.spec.containers[0].resources!.requests ?? {}), 'ephemeral-storage': '2Gi' };
  if (r() < 0.1) pod.spec.containers.push({ name: 'side', image: pick(IMAGES) });
  return pod;
}

// --- the object path: the plugins' code before the table, reading NodeInfo's objects ---

function unschedulableByObjects(pod: PodInfo, ni: NodeInfo): string {
  if (!ni.node.spec?.unschedulable) return 'ok';
  if (tolerationsTolerateTaint(pod.pod.spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return 'ok';
  return `UnschedulableAndUnresolvable: ${ErrReasonUnschedulable}`;
}

function taintFilterByObjects(pod: PodInfo, ni: NodeInfo): string {
  const t = findUntoleratedTaint(ni.node.spec?.taints, pod.pod.spec.tolerations, ['NoSchedule', 'NoExecute']);
  return t ? `UnschedulableAndUnresolvable: ${untoleratedTaintReason(t.key, t.value)}` : 'ok';
}

function taintScoreByObjects(pod: PodInfo, ni: NodeInfo): number {
  const prefer = (pod.pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return (ni.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(prefer, t)).length;
}

function fitFilterByObjects(pod: PodInfo, ni: NodeInfo): string {
  const missing = fitsRequest(pod.requests, ni);
  return missing.length === 0 ? 'ok' : `Unschedulable: ${missing.map((m) => m.reason).join(', ')}`;
}

function fitScoreByObjects(pod: PodInfo, ni: NodeInfo): number {
  const a = ni.allocatable;
  const u = ni.nonZeroRequested;
  let score = 0;
  let weights = 0;
  if (a.milliCPU > 0) {
    score += leastRequestedScore(u.milliCPU + pod.nonZeroMilliCPU, a.milliCPU);
    weights++;
  }
  if (a.memory > 0) {
    score += leastRequestedScore(u.memory + pod.nonZeroMemory, a.memory);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

function balancedByObjects(pod: PodInfo, ni: NodeInfo): number {
  const a = ni.allocatable;
  const u = ni.requested;
  return balancedResourceScore([u.milliCPU + pod.requests.milliCPU, u.memory + pod.requests.memory], [a.milliCPU, a.memory]);
}

function imageByObjects(pod: PodInfo, ni: NodeInfo, snap: Snapshot): number {
  const containers = (pod.pod.spec.initContainers ?? []).concat(pod.pod.spec.containers);
  let sum = 0;
  for (const c of containers) {
    if (!c.image) continue;
    const image = normalizedImageName(c.image);
    const size = ni.imageSizes.get(image);
    if (size !== undefined) sum += Math.trunc(size * (snap.imageNodeCount(image) / snap.numNodes));
  }
  return imageLocalityScore(sum, containers.length);
}

const statusText = (s: { code: string; reasons: readonly string[] } | undefined): string => (!s || s.code === 'Success' ? 'ok' : `${s.code}: ${s.reasons.join(', ')}`);

/** Every plugin's filter status and raw score on every node, by the table path and the object path. */
function compareAll(snap: Snapshot, pods: Pod[], nodes: readonly NodeInfo[], label: string): number {
  const plugin = (name: string): AnyPlugin => pluginOn(name, snap);
  const unsched = plugin(PluginNames.NodeUnschedulable);
  const taint = plugin(PluginNames.TaintToleration);
  const fit = plugin(PluginNames.NodeResourcesFit);
  const balanced = plugin(PluginNames.NodeResourcesBalancedAllocation);
  const image = plugin(PluginNames.ImageLocality);
  const ports = plugin(PluginNames.NodePorts);
  let checks = 0;
  for (const pod of pods) {
    const pi = podInfoOf(pod);
    const state = new CycleState();
    fit.preFilter!(state, pi, nodes);
    taint.preScore!(state, pi, nodes);
    image.preScore!(state, pi, nodes);
    for (const ni of nodes) {
      const where = `${label}: pod ${pod.metadata.name} on node ${ni.name}`;
      assert.equal(statusText(unsched.filter!(state, pi, ni)), unschedulableByObjects(pi, ni), `NodeUnschedulable ${where}`);
      assert.equal(statusText(taint.filter!(state, pi, ni)), taintFilterByObjects(pi, ni), `TaintToleration filter ${where}`);
      assert.equal(statusText(fit.filter!(state, pi, ni)), fitFilterByObjects(pi, ni), `NodeResourcesFit filter ${where}`);
      assert.equal(statusText(ports.filter!(state, pi, ni)), fitsPorts(pi.hostPorts, ni) ? 'ok' : "Unschedulable: node(s) didn't have free ports for the requested pod ports", `NodePorts ${where}`);
      assert.equal(taint.score!(state, pi, ni), taintScoreByObjects(pi, ni), `TaintToleration score ${where}`);
      assert.equal(fit.score!(state, pi, ni), fitScoreByObjects(pi, ni), `NodeResourcesFit score ${where}`);
      assert.equal(balanced.score!(state, pi, ni), balancedByObjects(pi, ni), `BalancedAllocation score ${where}`);
      assert.equal(image.score!(state, pi, ni), imageByObjects(pi, ni, snap), `ImageLocality score ${where}`);
      checks++;
    }
  }
  return checks;
}

test('table path and object path agree for random nodes and pods, through pod and node churn', () => {
  let checks = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const r = rng(seed);
    const snap = new Snapshot();
    const numNodes = 5 + Math.floor(r() * 20);
    for (let i = 0; i < numNodes; i++) snap.addNode(randomNode(r, `n${i}`));
    const placed: Pod[] = [];
    for (let i = 0; i < 60; i++) {
      const p = randomPod(r, `placed-${seed}-${i}`, `n${Math.floor(r() * (numNodes + 2))}`); // some on nodes not (yet) there
      snap.addPod(p);
      placed.push(p);
    }
    const pending = Array.from({ length: 25 }, (_, i) => randomPod(r, `pending-${seed}-${i}`));
    checks += compareAll(snap, pending, snap.nodeInfos(), `seed ${seed}`);
    // Churn: pods leave, nodes change (cordons, taints, images, allocatable), go and come back.
    for (const p of placed.filter(() => r() < 0.4)) snap.removePod(p);
    for (let i = 0; i < numNodes; i++) if (r() < 0.3) snap.updateNode(randomNode(r, `n${i}`));
    snap.removeNode('n1');
    snap.addNode(randomNode(r, `n${numNodes}`)); // takes n1's slot
    snap.addNode(randomNode(r, 'n1'));
    for (let i = 0; i < 20; i++) snap.addPod(randomPod(r, `late-${seed}-${i}`, `n${Math.floor(r() * (numNodes + 1))}`));
    checks += compareAll(snap, pending, snap.nodeInfos(), `seed ${seed} after churn`);
    // Clones (preemption dry runs) answer from their own rows.
    const clones = snap.nodeInfos().map((ni) => ni.clone());
    for (const c of clones) for (const p of pending.slice(0, 3)) c.addPod(podInfoOf({ ...p, spec: { ...p.spec, nodeName: c.name } }));
    checks += compareAll(snap, pending, clones, `seed ${seed} clones`);
    checks += compareAll(snap, pending, snap.nodeInfos(), `seed ${seed} after clones`);
  }
  assert.ok(checks > 10_000, `compared ${checks} pod/node pairs`);
});

test('a clone changes only its own row; a removed node keeps its numbers and frees its slot', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })] });
  const a = snap.get('a')!;
  snap.addPod(makePod('p', { cpu: '1', nodeName: 'a' }));
  const fit = pluginOn(PluginNames.NodeResourcesFit, snap);
  const big = podInfoOf(makePod('big', { cpu: '1500m' }));
  const state = new CycleState();
  fit.preFilter!(state, big, snap.nodeInfos());
  const clone = a.clone();
  clone.removePod(snap.nodeInfos()[0].pods[0].key);
  assert.equal(statusText(fit.filter!(state, big, clone)), 'ok', 'the victim is gone from the dry run');
  assert.equal(statusText(fit.filter!(state, big, a)), 'Unschedulable: Insufficient cpu', 'the snapshot still counts it');
  snap.removeNode('a');
  assert.equal(statusText(fit.filter!(state, big, a)), 'Unschedulable: Insufficient cpu', 'a removed NodeInfo keeps its own numbers');
  snap.addNode(makeNode('c', { cpu: '4' }));
  assert.equal(snap.get('c')!.slot, 0, 'the freed slot is reused');
  assert.equal(statusText(fit.filter!(state, big, snap.get('c')!)), 'ok');
  assert.equal(statusText(fit.filter!(state, big, a)), 'Unschedulable: Insufficient cpu');
});

test('a NodeInfo outside any snapshot works on its own row', () => {
  const ni = new NodeInfo(makeNode('solo', { cpu: '1', unschedulable: true }));
  const unsched = pluginOn(PluginNames.NodeUnschedulable, new Snapshot());
  assert.equal(statusText(unsched.filter!(new CycleState(), podInfoOf(makePod('p')), ni)), `UnschedulableAndUnresolvable: ${ErrReasonUnschedulable}`);
});

test('ImageLocality agrees with the object path when pods ask for more images than the table keeps columns for', () => {
  const r = rng(99);
  const images = Array.from({ length: 90 }, (_, i) => `registry.example/app-${i}:1`);
  const nodes = Array.from({ length: 30 }, (_, i) =>
    makeNode(`n${i}`, { images: images.filter(() => r() < 0.3).map((n) => ({ names: [n], sizeBytes: Math.floor(r() * 1500) * MB })) }),
  );
  const snap = Snapshot.from({ nodes });
  // 100 images asked for (10 of them on no node), each pod one or two, in three rounds.
  const asked = [...images, ...Array.from({ length: 10 }, (_, i) => `nowhere-${i}:1`)];
  const pods = Array.from({ length: 300 }, (_, i) => {
    const p = makePod(`p${i}`, { image: asked[i % asked.length] });
    if (i % 3 === 0) p.spec.containers.push({ name: 'second', image: asked[(i * 7) % asked.length] });
    return p;
  });
  assert.ok(compareAll(snap, pods, snap.nodeInfos(), 'many images') >= 9000);
  snap.updateNode(makeNode('n0', { images: [{ names: [images[0]], sizeBytes: 900 * MB }] }));
  assert.ok(compareAll(snap, pods.slice(0, 50), snap.nodeInfos(), 'many images after an update') >= 1500);
});

test('per-selector pod counts follow pod churn, freed slots, more selectors than columns, and clones', () => {
  const snap = Snapshot.from({ nodes: ['a', 'b', 'c'].map((n) => makeNode(n)) });
  const web = (name: string, node: string, app = 'web') => makePod(name, { nodeName: node, labels: { app } });
  const w1 = web('w1', 'a');
  snap.addPod(w1);
  snap.addPod(web('w2', 'a'));
  snap.addPod(web('d1', 'b', 'db'));
  const constraint = (app: string) => buildConstraints(makePod('x', { labels: { app } }), [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } }], 'ScheduleAnyway')[0];
  const counts = (app: string) => ['a', 'b', 'c'].map((n) => countMatchingCached(snap.get(n)!, constraint(app), 'default'));
  assert.deepEqual(counts('web'), [2, 0, 0]);
  assert.deepEqual(counts('db'), [0, 1, 0]);
  snap.addPod(web('w3', 'c'));
  snap.removePod(w1);
  assert.deepEqual(counts('web'), [1, 0, 1], 'a node whose pods changed is counted again');
  // 100 other selectors push the first ones out of the table's columns: counted again, the same.
  for (let i = 0; i < 100; i++) counts(`other-${i}`);
  assert.deepEqual(counts('web'), [1, 0, 1]);
  const clone = snap.get('c')!.clone();
  clone.removePod(clone.pods[0].key);
  assert.equal(countMatchingCached(clone, constraint('web'), 'default'), 0, "a preemption dry run's copy counts its own pods");
  assert.deepEqual(counts('web'), [1, 0, 1], 'and leaves the snapshot counts alone');
  snap.removeNode('b');
  snap.addNode(makeNode('d'));
  assert.equal(countMatchingCached(snap.get('d')!, constraint('db'), 'default'), 0, "a reused slot does not inherit the removed node's count");
});

test("topology domains per slot follow a node's label changes and freed slots", () => {
  const zoned = (name: string, zone?: string) => {
    const n = makeNode(name);
    n.metadata.labels = { 'kubernetes.io/hostname': name, ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}) };
    return n;
  };
  const snap = Snapshot.from({ nodes: [zoned('a', 'z1'), zoned('b', 'z2'), zoned('c')] });
  const zones = () => snap.nodeInfos().map((ni) => `${ni.name}=${snap.table.domainColumn('topology.kubernetes.io/zone')[ni.slot] ?? '-'}`);
  assert.deepEqual(zones(), ['a=z1', 'b=z2', 'c=-']);
  snap.updateNode(zoned('c', 'z3'));
  snap.updateNode(zoned('a'));
  assert.deepEqual(zones(), ['a=-', 'b=z2', 'c=z3'], 'relabelled nodes');
  snap.removeNode('b');
  snap.addNode(zoned('d'));
  assert.deepEqual(zones().sort(), ['a=-', 'c=z3', 'd=-'], "a reused slot does not keep the removed node's zone");
  // More nodes than the table had room for: the columns are rebuilt from the nodes.
  for (let i = 0; i < 100; i++) snap.addNode(zoned(`n${i}`, `z${i % 4}`));
  assert.equal(snap.table.domainColumn('topology.kubernetes.io/zone')[snap.get('n7')!.slot], 'z3');
});
