// Whether a cluster serves the emulator's SchedulingTrace records: one GET /apis per
// transport (i.e. per connection), remembered. A failed discovery is not remembered, so the
// next trace view asks again.
import type { KubeTransport } from '../cluster/transport.js';

export const TRACE_GROUP = 'emulator.cluster-anatomy.dev';
export const TRACE_VERSION = 'v1';
export const TRACE_POD_LABEL = 'emulator.cluster-anatomy.dev/pod';

const served = new WeakMap<KubeTransport, Promise<boolean>>();

export function servesSchedulingTraces(transport: KubeTransport): Promise<boolean> {
  let known = served.get(transport);
  if (!known) {
    known = discover(transport);
    served.set(transport, known);
    known.catch(() => served.delete(transport));
  }
  return known;
}

async function discover(transport: KubeTransport): Promise<boolean> {
  const res = await transport.get('/apis');
  // Discovery may be forbidden to this user: then the records are out of reach anyway.
  if (res.status === 401 || res.status === 403) return false;
  if (res.status !== 200) throw new Error(`GET /apis answered ${res.status}`);
  const groups: unknown = JSON.parse(res.body)?.groups;
  if (!Array.isArray(groups)) return false;
  return groups.some((g) => g?.name === TRACE_GROUP && Array.isArray(g.versions) && g.versions.some((v: { version?: string }) => v?.version === TRACE_VERSION));
}

/** Collection path of a namespace's SchedulingTrace records. */
export function schedulingTracesPath(namespace: string): string {
  return `/apis/${TRACE_GROUP}/${TRACE_VERSION}/namespaces/${encodeURIComponent(namespace)}/schedulingtraces`;
}
