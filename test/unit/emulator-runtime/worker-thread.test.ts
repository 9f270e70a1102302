// The control loops in their worker thread (as the CLI runs them): the API server in this
// thread serves their requests and watches, and answers for them (in-memory kinds, kubelet
// presence, container logs) through messages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RealClock } from '../../../src/kube/clock';
import type { KubeObject } from '../../../src/kube/object';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/cluster';
import { ApiClientError, LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { eventually } from '../../conformance/support/eventually';

const TRACES = { group: 'emulator.cluster-anatomy.dev', version: 'v1', resource: 'schedulingtraces' };
const COMPONENTS = { group: 'emulator.cluster-anatomy.dev', version: 'v1', resource: 'emulatedcomponents' };

/** A condition as eventually() takes it: true, or undefined to look again. */
const holds = (cond: () => boolean) => async (): Promise<true | undefined> => (cond() ? true : undefined);

describe('control loops in a worker thread', () => {
  let dir: string;
  let emu: RunningEmulator;
  let kubectl: LoopbackClient;
  const logs: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-worker-'));
    emu = await startEmulator({ port: 0, stateDir: dir, memoryOnly: true, clock: new RealClock(), log: (m) => logs.push(m), controlPlane: { joinWaitMs: 3000 }, controlLoopsThread: true });
    kubectl = new LoopbackClient(emu.api, 'kubectl');
  });

  after(async () => {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the seed cluster: every node registered, its system pods placed and Running', async () => {
    assert.equal(emu.controlPlane, undefined, 'the loops are not in this thread');
    const pods = await eventually('the seed pods Running', async () => {
      const list = await kubectl.list({ group: '', version: 'v1', resource: 'pods', namespace: 'kube-system' });
      const running = list.items.filter((p) => p.status?.phase === 'Running');
      return running.length >= 9 ? running : undefined;
    });
    const onWhale1 = pods.filter((p) => p.spec?.nodeName === 'whale1').map((p) => String(p.metadata.name));
    assert.equal(onWhale1.filter((n) => n.startsWith('coredns-')).length, 2);
    for (const c of ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager']) assert.ok(onWhale1.includes(`${c}-whale1`), c);
    const proxies = pods.filter((p) => String(p.metadata.name).startsWith('kube-proxy-')).map((p) => p.spec?.nodeName);
    assert.deepEqual(proxies.sort(), ['whale1', 'whale2', 'whale3']);
    assert.ok(emu.hooks.hasKubelet('whale2'), "the API server knows whale2's kubelet runs");
    assert.ok(emu.hooks.garbageCollectorRunning(), 'and that the controller manager runs');
  });

  it('rolls out a Deployment, with its scheduling traces and container logs served by the API server', async () => {
    const labels = { app: 'web' };
    await kubectl.create(
      { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } },
    );
    const pods = await eventually('2 web pods Running', async () => {
      const list = await kubectl.list({ group: '', version: 'v1', resource: 'pods', namespace: 'default' }, { labelSelector: 'app=web' });
      return list.items.length === 2 && list.items.every((p) => p.status?.phase === 'Running') ? list.items : undefined;
    });
    for (const p of pods) assert.ok(['whale2', 'whale3'].includes(String(p.spec?.nodeName)), 'workers only');

    const traces = await kubectl.list<KubeObject>({ ...TRACES, namespace: 'default' });
    const tracedPods = traces.items.map((t) => (t.spec as { podName?: string }).podName);
    for (const p of pods) assert.ok(tracedPods.includes(p.metadata.name), `a trace of ${p.metadata.name}`);
    const one = await kubectl.get<KubeObject>({ ...TRACES, namespace: 'default', name: traces.items[0].metadata.name });
    assert.equal((one.status as { outcome?: string }).outcome, 'Scheduled');

    // A watch from "now" gets the current records first, then later ones.
    const seen: string[] = [];
    const w = await kubectl.watch<KubeObject>({ ...TRACES, namespace: 'default' }, {}, (e) => seen.push(`${e.type} ${(e.object.spec as { podName?: string }).podName}`), () => undefined);
    await eventually('the initial trace events', holds(() => seen.length >= traces.items.length));
    w.stop();
    assert.ok(seen.every((s) => s.startsWith('ADDED ')));

    const log = await kubectl.request<string>('GET', { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: String(pods[0].metadata.name), subresource: 'log' });
    assert.match(log, /nginx|docker-entrypoint/, "the kubelet's simulated log, not the API server's placeholder");
  });

  it('changes components through the API, with the worker’s validation errors as Status', async () => {
    const stopped = await kubectl.patch<KubeObject>({ ...COMPONENTS, name: 'kubelet-whale3' }, { spec: { running: false } });
    assert.equal((stopped.spec as { running?: boolean }).running, false);
    await eventually("the API server to learn whale3's kubelet stopped", holds(() => !emu.hooks.hasKubelet('whale3')));
    await assert.rejects(
      kubectl.update({ ...COMPONENTS, name: 'kubelet-whale3' }, { apiVersion: 'emulator.cluster-anatomy.dev/v1', kind: 'EmulatedComponent', metadata: { name: 'kubelet-whale3' }, spec: {} }),
      (e: unknown) => e instanceof ApiClientError && e.code === 422 && /spec\.running/.test(e.message),
    );
    await kubectl.patch({ ...COMPONENTS, name: 'kubelet-whale3' }, { spec: { running: true } });
    await eventually("the API server to learn whale3's kubelet runs again", holds(() => emu.hooks.hasKubelet('whale3')));
  });

  it('stops: the loops release their Leases and the thread ends', async () => {
    const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-system' };
    const held = await kubectl.get<KubeObject>({ ...leases, name: 'kube-scheduler' });
    assert.ok((held.spec as { holderIdentity?: string }).holderIdentity);
    let holder: string | undefined = 'unset';
    await kubectl.watch<KubeObject>({ ...leases }, { fieldSelector: 'metadata.name=kube-scheduler', resourceVersion: held.metadata.resourceVersion }, (e) => (holder = (e.object.spec as { holderIdentity?: string }).holderIdentity), () => undefined);
    await emu.stop();
    assert.ok(!holder, `the scheduler released its Lease (holder ${holder})`);
    assert.equal(emu.hooks.hasKubelet('whale2'), false, 'no kubelet is reported once the thread ended');
    assert.ok(!logs.some((l) => /control loops (stopped|failed)/.test(l)), logs.join('\n'));
  });
});
