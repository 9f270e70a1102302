// An in-process API server over a memory-only store, driven through ApiServer.handle exactly
// as the HTTPS adapter and part 2's in-process clients drive it.
import { FakeClock } from '../../../src/kube/clock';
import { NO_CONTROL_LOOPS, type ContainerRuntimeExec, type LifecycleHooks } from '../../../src/emulator/apiserver/context';
import type { UserInfo } from '../../../src/emulator/apiserver/auth/user';
import type { ApiRequest } from '../../../src/emulator/apiserver/request';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { openStore, type EmulatorStore } from '../../../src/emulator/store/index';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

export interface TestServer {
  api: ApiServer;
  store: EmulatorStore;
  clock: FakeClock;
  /** `user` is the authenticated user the HTTPS adapter would pass (none: the in-process path). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>, user?: UserInfo): Promise<Reply>;
  watch(path: string, headers?: Record<string, string>): Promise<WatchCollector>;
  close(): Promise<void>;
}

export interface WatchCollector {
  status: number;
  events: { type: string; object: any }[];
  ended: boolean;
  stop(): void;
}

export async function testServer(options: { hooks?: LifecycleHooks; bookmarkIntervalMs?: number; log?: (message: string) => void; containerExec?: ContainerRuntimeExec } = {}): Promise<TestServer> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const store = await openStore({ clock, compactionIntervalMs: 0, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules(), hooks: options.hooks ?? NO_CONTROL_LOOPS, bookmarkIntervalMs: options.bookmarkIntervalMs, log: options.log ?? (() => undefined), containerExec: options.containerExec });
  await bootstrapClusterObjects(api);
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): ApiRequest => {
    const url = new URL(path, 'https://x');
    const raw = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const h: Record<string, string> = { ...headers };
    if (raw && !h['content-type']) h['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    return { method, path: url.pathname, query: url.searchParams, headers: h, body: raw };
  };
  return {
    api,
    store,
    clock,
    async call(method, path, body, headers, user) {
      const res = await api.handle(request(method, path, body, headers), user);
      const text = res.body === undefined ? '' : String(res.body);
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    async watch(path, headers = {}) {
      const res = await api.handle(request('GET', path, undefined, headers));
      const collector: WatchCollector = { status: res.status, events: [], ended: false, stop: () => res.watch?.stop() };
      if (!res.watch) {
        collector.events.push({ type: 'HTTP', object: JSON.parse(String(res.body)) });
        return collector;
      }
      res.watch.start(
        (frame) => collector.events.push(JSON.parse(frame)),
        () => (collector.ended = true),
      );
      return collector;
    },
    async close() {
      api.stop();
      await store.close();
    },
  };
}

/** Waits for a condition, failing after a deadline (no fixed sleeps). */
export async function until(what: string, probe: () => boolean, options: { timeoutMs?: number; tick?: () => void } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // Retries inside the server run on its (fake) clock: let test time pass too.
    options.tick?.();
    await new Promise((r) => setImmediate(r));
  }
}

export const pod = (name: string, extra: Record<string, any> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(extra.spec ?? {}) },
});

export const configMap = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

/** A namespaced CustomResourceDefinition `widgets.example.com` (kind Widget, served v1) with this schema. */
export function widgetCrd(openAPIV3Schema: Record<string, unknown>, version: Record<string, unknown> = {}): Record<string, any> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, ...version, schema: { openAPIV3Schema } }],
    },
  };
}
