// The in-process API server the handler benchmarks drive (ApiServer.handle over a memory store,
// no TLS, no second process), and the request they send it.
import { FakeClock } from '../src/kube/clock';
import type { ApiRequest } from '../src/emulator/apiserver/request';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { openStore, type EmulatorStore } from '../src/emulator/store/index';

export async function inProcessApiServer(): Promise<{ api: ApiServer; store: EmulatorStore; clock: FakeClock }> {
  const clock = new FakeClock();
  const store = await openStore({ clock, compactionIntervalMs: 0, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  return { api, store, clock };
}

/** A request as the HTTPS adapter hands it over; a body is sent as JSON. */
export function apiRequest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): ApiRequest {
  const url = new URL(path, 'https://x');
  return { method, path: url.pathname, query: url.searchParams, headers: body ? { 'content-type': 'application/json', ...headers } : headers, body: body ? Buffer.from(JSON.stringify(body)) : undefined };
}
