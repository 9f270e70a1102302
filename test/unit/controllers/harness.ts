// An in-memory API server plus chosen controllers, for controller tests. No kubelet runs:
// tests play the kubelet by writing pods/status themselves.
import type { Clock } from '../../../src/kube/clock';
import { RealClock } from '../../../src/kube/clock';
import type { KubeObject } from '../../../src/kube/object';
import type { LifecycleHooks } from '../../../src/emulator/apiserver/context';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { openStore } from '../../../src/emulator/store/index';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { R } from '../../../src/emulator/client/paths';
import { SharedInformers } from '../../../src/emulator/client/shared-informers';
import type { ControlLoop, ControlLoopContext } from '../../../src/emulator/control-loop';

export interface Harness {
  api: ApiServer;
  client: LoopbackClient;
  ctx: ControlLoopContext;
  logs: string[];
  stop(): Promise<void>;
}

export async function startHarness(build: (ctx: ControlLoopContext) => ControlLoop[], options: { clock?: Clock; hooks?: Partial<LifecycleHooks> } = {}): Promise<Harness> {
  const clock = options.clock ?? new RealClock();
  const store = await openStore({});
  const hooks: LifecycleHooks = { hasKubelet: () => false, namespaceControllerRunning: () => false, garbageCollectorRunning: () => false, ...options.hooks };
  const api = new ApiServer({ store, clock, modules: defaultModules(), hooks });
  await bootstrapClusterObjects(api);
  const informers = new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock });
  const logs: string[] = [];
  const ctx: ControlLoopContext = { client: (c) => new LoopbackClient(api, c), informers, clock, log: (c, m) => logs.push(`${c}: ${m}`) };
  const loops = build(ctx);
  for (const l of loops) await l.start();
  await informers.start();
  return {
    api,
    client: new LoopbackClient(api, 'kubectl/test'),
    ctx,
    logs,
    stop: async () => {
      for (const l of loops) l.stop();
      informers.stop();
      api.stop();
      await store.close();
    },
  };
}

/** Waits (polling between event-loop turns) until `check` returns a truthy value. */
export async function eventually<T>(check: () => T | Promise<T>, what: string, ms = 5000): Promise<NonNullable<Exclude<T, false>>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<Exclude<T, false>>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function listPods(client: LoopbackClient, namespace = 'default', labelSelector?: string): Promise<KubeObject[]> {
  return (await client.list({ ...R.pods, namespace }, { labelSelector })).items;
}

/** Plays the kubelet: the pod is bound, Running and Ready (since `readySince`). */
export async function makeReady(client: LoopbackClient, pod: KubeObject, node = 'whale2', readySince = new Date().toISOString()): Promise<void> {
  const ref = { ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name };
  const current = await client.get(ref);
  const since = readySince.replace(/\.\d+Z$/, 'Z');
  if (!current.spec?.nodeName) {
    await client.create({ ...ref, subresource: 'binding' }, { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { kind: 'Node', name: node } });
  }
  const fresh = await client.get(ref);
  fresh.status = {
    ...(fresh.status ?? {}),
    phase: 'Running',
    podIP: `10.244.1.${Math.floor(Math.random() * 250) + 2}`,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: since },
      { type: 'Ready', status: 'True', lastTransitionTime: since },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: since },
    ],
  };
  await client.update({ ...ref, subresource: 'status' }, fresh);
}

/** Plays the kubelet for a pod that ran to completion (or failed). */
export async function finishPod(client: LoopbackClient, pod: KubeObject, phase: 'Succeeded' | 'Failed'): Promise<void> {
  const ref = { ...R.pods, namespace: pod.metadata.namespace, name: pod.metadata.name };
  const fresh = await client.get(ref);
  fresh.status = { ...(fresh.status ?? {}), phase, conditions: [{ type: 'Ready', status: 'False', reason: phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed' }] };
  await client.update({ ...ref, subresource: 'status' }, fresh);
}
