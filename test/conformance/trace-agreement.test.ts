// Issue 8's agreement test: 1,000 pods of varied shapes are scheduled by the emulator's
// kube-scheduler; then each decision is reconstructed the way the extension does it on a
// real cluster (ClusterModel fed by client-node list/watch -> SchedulingSnapshot ->
// reconstructDecision) from the state as it was when that pod was scheduled: all nodes and
// the system pods, plus the test pods bound before it, in the order the scheduler recorded
// its attempts. The reconstruction must pick the pod's node, or one tied with it for the
// top score, for >= 99% of the pods.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { type ClusterConnection, ClusterModel, createConnection, loadKubeconfigs } from '../../src/cluster/index';
import type { PodRecord } from '../../src/cluster/projections';
import { RealClock } from '../../src/kube/clock';
import type { Pod, SchedulingTrace } from '../../src/scheduler';
import { reconstructDecision, SchedulingSnapshot } from '../../src/trace';
import { useEmulatorProcess } from './support/emulator-process';
import { eventually } from './support/eventually';

const NODES = 30;
const PODS = 1000;
const NS = 'default';
const ZONE = 'topology.kubernetes.io/zone';

let k8s: typeof K8s;
let core: K8s.CoreV1Api;
let conn: ClusterConnection;

/** Zones, an ssd label and taints, so filters and scores differ from node to node. */
async function varyNodes(): Promise<void> {
  const nodes = await eventually('all nodes registered', async () => {
    const list = await core.listNode();
    return list.items.length >= NODES ? list.items : undefined;
  });
  const workers = nodes.filter((n) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] === undefined);
  await Promise.all(
    workers.map(async (_, i) => {
      for (let attempt = 0; ; attempt++) {
        const n = await core.readNode({ name: workers[i].metadata!.name! });
        n.metadata!.labels = { ...n.metadata!.labels, [ZONE]: `zone-${'abc'[i % 3]}`, ...(i % 3 === 0 ? { disktype: 'ssd' } : {}) };
        if (i % 10 === 4) n.spec = { ...n.spec, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] };
        if (i % 7 === 2) n.spec = { ...n.spec, taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] };
        try {
          await core.replaceNode({ name: n.metadata!.name!, body: n });
          return;
        } catch (e) {
          if (attempt > 5) throw e; // the kubelet's status updates may race the replace: retry on conflict
        }
      }
    }),
  );
}

/** Pod i: requests, nodeSelector, node and pod (anti-)affinity, spreading, tolerations, ports, sidecars. */
function podShape(i: number): K8s.V1Pod {
  const group = `g${i % 20}`;
  const requests: Record<string, string> = {};
  // About 60% of the cluster's cpu in the end: scores differ from node to node as it fills.
  if (i % 5 !== 4) requests.cpu = ['10m', '30m', '50m', '80m'][i % 5];
  if (i % 4 !== 3) requests.memory = ['64Mi', '128Mi', '256Mi'][i % 4];
  const spec: K8s.V1PodSpec = {
    containers: [{ name: 'app', image: i % 2 ? 'busybox' : 'registry.k8s.io/pause:3.10', resources: { requests } }],
    terminationGracePeriodSeconds: 0,
  };
  if (i % 10 === 1) spec.nodeSelector = { disktype: 'ssd' };
  if (i % 10 === 2) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }];
  if (i % 20 === 3) spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: ['zone-a', 'zone-b'] }] }] } } };
  if (i % 20 === 13) spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 40, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } }] } };
  if (i % 12 === 5) spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { group } } }];
  if (i % 12 === 11) spec.topologySpreadConstraints = [{ maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { group } } }];
  if (i % 15 === 7) spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 80, podAffinityTerm: { labelSelector: { matchLabels: { group } }, topologyKey: 'kubernetes.io/hostname' } }] } };
  if (i % 33 === 8) spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { anti: `a${i % 4}` } }, topologyKey: 'kubernetes.io/hostname' }] } };
  if (i % 25 === 9) spec.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { labelSelector: { matchLabels: { group: 'g0' } }, topologyKey: ZONE } }] } };
  if (i % 50 === 10) spec.containers[0].ports = [{ containerPort: 80, hostPort: 8000 + (i % 4) }];
  if (i % 16 === 6) spec.initContainers = [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '100m', memory: '16Mi' } } }];
  const labels: Record<string, string> = { test: 'agreement', group, ...(i % 33 === 8 ? { anti: `a${i % 4}` } : {}) };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `shape-${String(i).padStart(4, '0')}`, namespace: NS, labels }, spec };
}

async function createPods(): Promise<void> {
  const CONCURRENCY = 16;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PODS) {
        const i = next++;
        await core.createNamespacedPod({ namespace: NS, body: podShape(i) });
      }
    }),
  );
}

/** The Scheduled attempts in the order kube-scheduler made them (the SchedulingTrace list keeps recording order). */
async function scheduledAttempts(transport: ClusterConnection['transport']): Promise<SchedulingTrace[]> {
  const res = await transport.get(`/apis/emulator.cluster-anatomy.dev/v1/namespaces/${NS}/schedulingtraces`);
  assert.equal(res.status, 200, res.body);
  const items: Array<{ status: SchedulingTrace }> = JSON.parse(res.body).items;
  return items.map((t) => t.status).filter((t) => t.outcome === 'Scheduled');
}

/** node -> total score, or undefined when the attempt scored no nodes (a single feasible node). */
function totals(t: SchedulingTrace): string | undefined {
  if (!t.scores) return undefined;
  return t.scores.nodes
    .map((n, i) => `${n}=${t.scores!.totals[i]}`)
    .sort()
    .join(' ');
}

// In a suite: node:test runs a file's top-level before hooks at the same time, and the client
// below must not be made before the emulator's hook has started it.
describe('scheduling decisions reconstructed from a real client', () => {
  const emu = useEmulatorProcess({ args: ['--nodes', String(NODES)] });

  before(async () => {
    k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });

  after(() => conn?.dispose());

  test('reconstructions from the model agree with the emulator scheduler for >= 99% of 1,000 varied pods', { timeout: 120_000 }, async () => {
    const t0 = Date.now();
    await varyNodes();
    // The cluster settles first (DaemonSet and CoreDNS pods bound), so the only scheduling
    // during the test is the test's own.
    const unbound = async (labelSelector?: string) => (await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=', labelSelector })).items.length;
    await eventually('kube-proxy on every node and CoreDNS bound', async () => {
      const system = (await core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'k8s-app in (kube-proxy,kube-dns)' })).items;
      const bound = system.filter((p) => p.spec?.nodeName).length;
      return bound === NODES + 2 && (await unbound()) === 0 ? true : undefined;
    });
    const settled = Date.now();
    await createPods();
    const created = Date.now();
    await eventually('all test pods bound', async () => ((await unbound('test=agreement')) === 0 ? true : undefined), 60_000);
    const scheduledAt = Date.now();

    // The extension's path: a connection lists and watches through client-node into the model.
    const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: emu.kubeconfig });
    conn = await createConnection({ kubeconfigs, contextName: kubeconfigs.contextNames()[0], clock: new RealClock(), flushDelayMs: 20 });
    conn.start();
    const model = conn.model;
    const isTest = (p: PodRecord) => p.namespace === NS && p.name.startsWith('shape-');
    let seen = '';
    await eventually('the model in sync: every node labelled, every test pod bound', async () => {
      let bound = 0;
      for (const n of model.nodeNames()) for (const p of model.podsOnNode(n)) if (isTest(p)) bound++;
      const zoned = model.nodes().filter((n) => n.record.scheduling?.labels[ZONE]).length;
      seen = `${model.nodeCount} nodes (${zoned} with a zone), ${bound} test pods bound`;
      return model.hasSynced('Pod') && zoned === NODES - 1 && bound === PODS ? true : undefined;
    }).catch((e) => assert.fail(`${e.message}; last seen: ${seen}`));
    const recorded = await scheduledAttempts(conn.transport);
    const order = recorded.map((t) => t.pod.name);
    assert.equal(new Set(order).size, PODS, 'one Scheduled attempt per test pod');
    const res = await conn.transport.get(`/api/v1/namespaces/${NS}/pods`, { labelSelector: 'test=agreement' });
    const fullPods = new Map<string, Pod>((JSON.parse(res.body).items as Pod[]).map((p) => [p.metadata.name!, p]));
    const modelAt = Date.now();

    // Replay: nodes and system pods as they are, then the test pods one by one in bind order.
    const replay = new ClusterModel();
    replay.replaceNodes(model.nodes().map((n) => n.record));
    replay.replacePods(model.podsSortedByNode().filter((p) => !isTest(p)));
    replay.flush();
    const shared = new SchedulingSnapshot(replay);
    const disagreements: string[] = [];
    let agreed = 0;
    let exact = 0;
    let sameTotals = 0;
    for (const [k, name] of order.entries()) {
      const pod = fullPods.get(name)!;
      const r = reconstructDecision(shared, pod);
      // Stronger than the node: every node's total as kube-scheduler computed it.
      if (totals(r.trace) === totals(recorded[k])) sameTotals++;
      if (r.agreement === 'same' || r.agreement === 'tied') agreed++;
      else disagreements.push(`${name} on ${r.actualNodeName}: reconstruction ${r.agreement}, picked ${r.trace.nodeName ?? r.result.message}`);
      if (r.agreement === 'same') exact++;
      replay.applyPod('ADDED', model.pod(`${NS}/${name}`)!);
      replay.flush();
    }
    const share = agreed / PODS;
    console.log(
      `agreement: ${agreed}/${PODS} = ${(share * 100).toFixed(1)}% (same node ${exact}, tied ${agreed - exact}); ` +
        `every node's total score equal to the recorded one for ${sameTotals}/${PODS}; ` +
        `snapshot built once in ${shared.stats.buildMs?.toFixed(0)} ms, ${shared.stats.podUpdates} incremental pod updates; ` +
        `cluster settled ${((settled - t0) / 1000).toFixed(1)} s, pods created ${((created - settled) / 1000).toFixed(1)} s, all bound ${((scheduledAt - created) / 1000).toFixed(1)} s later, model synced ${((modelAt - scheduledAt) / 1000).toFixed(1)} s, ${PODS} reconstructions ${((Date.now() - modelAt) / 1000).toFixed(1)} s`,
    );
    if (disagreements.length) console.log(disagreements.slice(0, 10).join('\n'));
    assert.ok(share >= 0.99, `only ${(share * 100).toFixed(1)}% agree:\n${disagreements.slice(0, 20).join('\n')}`);
    assert.ok(sameTotals / PODS >= 0.99, `per-node totals equal for only ${sameTotals}/${PODS}`);
  });
});
