// Issue 8's golden cases on the seed cluster, end to end: pods created with client-node on a
// real emulator process, read back by PodTraceSource through the extension's own transport
// (the emulator's SchedulingTrace records, its events, the pod), exactly as the trace view does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { loadClientNode } from '../../src/cluster/client-node';
import { ClientNodeTransport } from '../../src/cluster/transport';
import { RealClock } from '../../src/kube/clock';
import { PodTraceSource } from '../../src/trace/pod-trace-source';
import type { TraceState } from '../../webview/protocol/trace-messages';
import { useEmulatorProcess } from './support/emulator-process';

const TAINT_REASON = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const TOO_BIG_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

/** Resolves with the source's state once `ok` holds for it; fails with the last state after `ms`. */
function stateWhere(source: PodTraceSource, what: string, ok: (s: TraceState) => boolean, ms = 20_000): Promise<TraceState> {
  if (ok(source.state)) return Promise.resolve(source.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what} not seen within ${ms} ms; last state: ${JSON.stringify({ ...source.state, decision: source.state.decision?.summary })}`));
    }, ms);
    const sub = source.onDidChange((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

describe('trace scheduling on the seed cluster (emulator process, client-node, PodTraceSource)', () => {
  const emu = useEmulatorProcess();
  let k8s: typeof K8s;
  let core: K8s.CoreV1Api;
  let transport: ClientNodeTransport;
  const sources: PodTraceSource[] = [];

  before(async () => {
    k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
    transport = new ClientNodeTransport(k8s, kc);
  });
  after(() => {
    for (const s of sources) s.dispose();
    transport?.dispose();
  });

  async function trace(name: string, spec: Partial<K8s.V1PodSpec> & { cpu?: string } = {}): Promise<PodTraceSource> {
    const { cpu, ...rest } = spec;
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name }, spec: { containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { cpu: cpu ?? '100m' } } }], ...rest } },
    });
    const source = new PodTraceSource({ transport, namespace: 'default', podName: name, clusterName: 'kube-emulator', clock: new RealClock(), nodeNames: () => ['whale1', 'whale2', 'whale3'] });
    sources.push(source);
    await source.start();
    return source;
  }

  it('a pod without tolerations: recorded decision with whale1 filtered by TaintToleration, the journey to Started, live=false once deleted', async () => {
    const source = await trace('plain');
    const scheduled = await stateWhere(source, 'a Scheduled decision', (s) => s.decision?.outcome === 'Scheduled');
    const d = scheduled.decision!;
    assert.equal(d.source, 'recorded');
    assert.equal(d.detailed, true);
    const whale1 = d.rows.find((r) => r.node === 'whale1')!;
    assert.equal(whale1.verdict, 'filtered');
    assert.equal(whale1.rejectedBy, 'TaintToleration');
    assert.deepEqual(whale1.reasons, [TAINT_REASON]);
    assert.ok(['whale2', 'whale3'].includes(d.nodeName!), d.nodeName);
    assert.match(d.summary, /whale1 excluded by TaintToleration/);
    assert.deepEqual(scheduled.attempts.map((a) => a.outcome), ['Scheduled']);

    const started = await stateWhere(source, 'Scheduled and Started steps', (s) => s.journey.some((j) => j.title === 'Scheduled') && s.journey.some((j) => j.title === 'Started'));
    const titles = started.journey.map((j) => j.title);
    assert.equal(titles[0], 'Submitted');
    assert.ok(titles.indexOf('Scheduled') < titles.indexOf('Started'), titles.join(' > '));
    const step = started.journey.find((j) => j.title === 'Scheduled')!;
    assert.equal(step.component, 'kube-scheduler');
    assert.equal(step.detail, `Successfully assigned default/plain to ${d.nodeName}`);
    assert.equal(step.attempt, 1);
    assert.equal(started.journey.find((j) => j.title === 'Started')!.nodeName, d.nodeName);

    await core.deleteNamespacedPod({ namespace: 'default', name: 'plain', gracePeriodSeconds: 0 });
    const gone = await stateWhere(source, 'live=false after deletion', (s) => !s.live && s.journey.some((j) => j.title === 'Deleted'));
    assert.equal(gone.live, false);
  });

  it('a pod too large for any node: the exact FailedScheduling text in the decision and the journey', async () => {
    const source = await trace('too-big', { cpu: '1000' });
    const failed = await stateWhere(source, 'an Unschedulable decision', (s) => s.decision?.outcome === 'Unschedulable' && s.journey.some((j) => j.title === 'FailedScheduling'));
    assert.equal(failed.decision!.message, TOO_BIG_MESSAGE);
    assert.deepEqual(
      failed.decision!.rows.map((r) => [r.node, r.rejectedBy, r.reasons]).sort(),
      [
        ['whale1', 'TaintToleration', [TAINT_REASON]],
        ['whale2', 'NodeResourcesFit', ['Insufficient cpu']],
        ['whale3', 'NodeResourcesFit', ['Insufficient cpu']],
      ],
    );
    assert.equal(failed.journey.find((j) => j.title === 'FailedScheduling')!.detail, TOO_BIG_MESSAGE);
    assert.equal(failed.journey.at(-1)!.title, 'Waiting for kube-scheduler');
    assert.equal(failed.live, true);
    await core.deleteNamespacedPod({ namespace: 'default', name: 'too-big', gracePeriodSeconds: 0 });
  });

  it('a pod with a nodeSelector: it lands on the selected node, the other worker filtered by NodeAffinity', async () => {
    const source = await trace('pinned', { nodeSelector: { 'kubernetes.io/hostname': 'whale3' } });
    const s = await stateWhere(source, 'a Scheduled decision', (x) => x.decision?.outcome === 'Scheduled');
    const d = s.decision!;
    assert.equal(d.nodeName, 'whale3');
    const whale2 = d.rows.find((r) => r.node === 'whale2')!;
    assert.equal(whale2.rejectedBy, 'NodeAffinity');
    assert.deepEqual(whale2.reasons, ["node(s) didn't match Pod's node affinity/selector"]);
    assert.equal(d.rows.find((r) => r.node === 'whale1')!.rejectedBy, 'TaintToleration');
    assert.equal(d.summary, 'whale3 was the only node that passed every filter; whale1 excluded by TaintToleration; whale2 excluded by NodeAffinity');
    await core.deleteNamespacedPod({ namespace: 'default', name: 'pinned', gracePeriodSeconds: 0 });
  });

  it('a pod that does not exist: a clear error', async () => {
    const source = new PodTraceSource({ transport, namespace: 'default', podName: 'nope', clusterName: 'kube-emulator', clock: new RealClock() });
    sources.push(source);
    const s = await source.start();
    assert.equal(s.error, 'Pod default/nope not found in kube-emulator');
  });
});
