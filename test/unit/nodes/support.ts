// Test support: an in-memory API server on a FakeClock with the simulated nodes running,
// and helpers to move time and wait for the API to show something (never fixed sleeps).
import { FakeClock } from '../../../src/kube/clock';
import type { KubeObject } from '../../../src/kube/object';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { R } from '../../../src/emulator/client/paths';
import { SharedInformers } from '../../../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../../../src/emulator/control-loop';
import type { SimulatedNodeSpec } from '../../../src/emulator/control-plane/topology';
import { createSimulatedNodes, type SimulatedNodes } from '../../../src/emulator/nodes/index';
import { openStore } from '../../../src/emulator/store/index';

export interface NodesHarness {
  api: ApiServer;
  clock: FakeClock;
  client: LoopbackClient;
  nodes: SimulatedNodes;
  ctx: ControlLoopContext;
  logs: string[];
  /** Moves the fake clock forward in steps, letting API requests complete between steps. */
  advance(ms: number, stepMs?: number): Promise<void>;
  /** Waits (moving time in small steps) until `cond` holds; fails after `maxMs` of clock time. */
  until<T>(cond: () => Promise<T | undefined | false> | T | undefined | false, maxMs?: number, stepMs?: number): Promise<T>;
  events(podName: string): Promise<{ reason: string; message: string; type: string }[]>;
  pod(name: string, namespace?: string): Promise<KubeObject>;
  close(): Promise<void>;
}

export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

export async function startNodes(specs: SimulatedNodeSpec[] = [{ name: 'whale2' }]): Promise<NodesHarness> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
  const store = await openStore({ clock, log: () => undefined });
  const ref: { nodes?: SimulatedNodes } = {};
  const api = new ApiServer({
    store,
    clock,
    modules: defaultModules(),
    hooks: { hasKubelet: (n) => ref.nodes?.hasKubelet(n) ?? false, namespaceControllerRunning: () => false, garbageCollectorRunning: () => false },
  });
  await bootstrapClusterObjects(api);
  const logs: string[] = [];
  const ctx: ControlLoopContext = {
    client: (component) => new LoopbackClient(api, component),
    informers: new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock }),
    clock,
    log: (component, message) => logs.push(`${component}: ${message}`),
  };
  const nodes = createSimulatedNodes(ctx, specs);
  ref.nodes = nodes;
  await nodes.start();
  nodes.kubeProxy.start();
  await ctx.informers.start();
  const client = new LoopbackClient(api, 'kubectl');
  const advance = async (ms: number, stepMs = 100) => {
    for (let t = 0; t < ms; t += stepMs) {
      clock.advance(Math.min(stepMs, ms - t));
      await settle();
    }
  };
  const until = async <T>(cond: () => Promise<T | undefined | false> | T | undefined | false, maxMs = 60_000, stepMs = 100): Promise<T> => {
    for (let t = 0; t <= maxMs; t += stepMs) {
      await settle();
      const v = await cond();
      if (v !== undefined && v !== false) return v;
      clock.advance(stepMs);
    }
    throw new Error(`condition not met within ${maxMs} ms of clock time`);
  };
  return {
    api,
    clock,
    client,
    nodes,
    ctx,
    logs,
    advance,
    until,
    events: async (podName) => {
      const list = await client.list({ ...R.events, namespace: 'default' });
      return list.items
        .filter((e) => e.involvedObject?.name === podName)
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => ({ reason: e.reason, message: e.message, type: e.type }));
    },
    pod: (name, namespace = 'default') => client.get({ ...R.pods, namespace, name }),
    close: async () => {
      nodes.stop();
      nodes.kubeProxy.stop();
      ctx.informers.stop();
      api.stop();
      await store.close();
    },
  };
}

/** A pod already bound to `node` (as if scheduled). */
export function boundPod(name: string, node: string, container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: name.replace(/-\d+$/, ''), image: 'nginx', ...container }], ...spec },
  };
}
