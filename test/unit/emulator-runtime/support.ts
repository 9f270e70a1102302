// Test support: an in-memory API server on a FakeClock with the whole control plane
// (startControlPlane) running, and helpers that wait on conditions with clock deadlines.
import { FakeClock } from '../../../src/kube/clock';
import type { KubeObject } from '../../../src/kube/object';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { R } from '../../../src/emulator/client/paths';
import { ControlLoopHooks, inProcessHost, startControlPlane, type ControlPlaneOptions, type RunningControlPlane } from '../../../src/emulator/control-loops';
import { openStore, type EmulatorStore } from '../../../src/emulator/store/index';

export interface RuntimeHarness {
  api: ApiServer;
  store: EmulatorStore;
  clock: FakeClock;
  client: LoopbackClient;
  cp: RunningControlPlane;
  /** The control plane's log lines led by their level: `W kubelet/whale2: ...`. */
  levels: string[];
  /** Waits (moving the fake clock in small steps) until `cond` holds; fails after `maxMs` of clock time. */
  until<T>(cond: () => Promise<T | undefined | false> | T | undefined | false, maxMs?: number, stepMs?: number): Promise<T>;
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: any }>;
  events(podName: string, namespace?: string): Promise<{ reason: string; message: string; type: string }[]>;
  pod(name: string, namespace?: string): Promise<KubeObject>;
  close(): Promise<void>;
}

export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

export async function startRuntime(options: ControlPlaneOptions = {}): Promise<RuntimeHarness> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
  const store = await openStore({ clock, log: () => undefined });
  const hooks = new ControlLoopHooks();
  const api = new ApiServer({ store, clock, modules: defaultModules(), hooks });
  await bootstrapClusterObjects(api);
  const levels: string[] = [];
  const cp = await startControlPlane(inProcessHost(api, store), hooks, clock, { joinWaitMs: 3000, ...options }, (m, severity = 'I') => levels.push(`${severity} ${m}`));
  const client = new LoopbackClient(api, 'kubectl');
  const until = async <T>(cond: () => Promise<T | undefined | false> | T | undefined | false, maxMs = 60_000, stepMs = 100): Promise<T> => {
    for (let t = 0; t <= maxMs; t += stepMs) {
      await settle();
      const v = await cond();
      if (v !== undefined && v !== false) return v;
      clock.advance(stepMs);
    }
    throw new Error(`condition not met within ${maxMs} ms of clock time`);
  };
  const request = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const [p, q] = path.split('?');
    const res = await api.handle({
      method,
      path: p,
      query: new URLSearchParams(q ?? ''),
      headers: { accept: 'application/json', 'content-type': contentType },
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    });
    return { status: res.status, body: res.body ? JSON.parse(String(res.body)) : undefined };
  };
  return {
    api,
    store,
    clock,
    client,
    cp,
    levels,
    until,
    request,
    events: async (podName, namespace = 'default') => {
      const list = await client.list({ ...R.events, namespace });
      return list.items.filter((e) => e.involvedObject?.name === podName).map((e) => ({ reason: e.reason, message: e.message, type: e.type }));
    },
    pod: (name, namespace = 'default') => client.get({ ...R.pods, namespace, name }),
    close: async () => {
      await cp.stop();
      api.stop();
      await store.close();
    },
  };
}

export function podWithCpu(name: string, cpu: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...extra },
  };
}
