// The API server's write path per pod, in-process: the writes a pod costs in a running cluster
// (create, pods/binding, a status merge patch from the kubelet, 4 Events) through
// ApiServer.handle(), CPU per operation (process.cpuUsage), median of several rounds. No TLS,
// no watchers: the handler path alone (decode, admission, managedFields, store, encode).
// Run: node --import tsx bench/apiserver-writes.ts [podsPerRound] [rounds]
// Env: BENCH_SOURCE_DIR=<checkout>[,<checkout>...] measures those checkouts' src/ instead; with
// several, each round runs them one after the other in this process (before/after under the
// same machine load), e.g. BENCH_SOURCE_DIR=/tmp/before,$PWD.
// BENCH_BODY=text: bodies as the control loops' thread sends them, a string per request (for a
// source whose request.ts has textRequest; others get the string's bytes, as the worker host
// made them before it had text requests).
import { join } from 'node:path';
import { inProcessApiServerAt, kubeletRunningStatus, podEvent, typicalPod } from './apiserver-support';

const SOURCES = (process.env.BENCH_SOURCE_DIR ?? join(__dirname, '..')).split(',');
const PODS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 5);

interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body?: Buffer;
  text?: string;
}

const TEXT_BODIES = process.env.BENCH_BODY === 'text';

/** A request; `asText`: the body as a string (see BENCH_BODY). */
function req(method: string, path: string, body?: unknown, contentType = 'application/json', userAgent = 'bench/1.0', asText = false): Req {
  const url = new URL(path, 'https://x');
  const headers: Record<string, string> = body ? { 'content-type': contentType, 'user-agent': userAgent, accept: 'application/json' } : { 'user-agent': userAgent };
  if (body && asText) return { method, path: url.pathname, query: url.searchParams, headers, text: JSON.stringify(body) };
  return { method, path: url.pathname, query: url.searchParams, headers, body: body ? Buffer.from(JSON.stringify(body)) : undefined };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Api {
  handle(r: Req): Promise<{ status: number; body?: unknown }>;
  stop(): void;
}

async function server(root: string): Promise<{ api: Api; clock: { now(): number }; text: boolean; close(): Promise<void> }> {
  const { api, store, clock } = await inProcessApiServerAt(root, 'real');
  const text = TEXT_BODIES && typeof (await import(join(root, 'src/emulator/apiserver/request'))).textRequest === 'function';
  for (let n = 0; n < NS; n++) await api.handle(req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }));
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { capacity: { cpu: '64', memory: '256Gi', pods: '100000' } } };
  await api.handle(req('POST', '/api/v1/nodes', node));
  return {
    api,
    clock,
    text,
    close: async () => {
      api.stop();
      await store.close();
    },
  };
}

const NS = 20;
const PHASES = ['create', 'binding', 'status', 'event'] as const;
const REASONS = [
  ['Scheduled', 'Successfully assigned pod to node-1', 'default-scheduler'],
  ['Pulled', 'Container image "registry.example.com/shop/web:1.42.0" already present on machine', 'kubelet'],
  ['Created', 'Created container: app', 'kubelet'],
  ['Started', 'Started container app', 'kubelet'],
];

function check(res: { status: number; body?: unknown }, what: string): void {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${String(res.body).slice(0, 300)}`);
}

/** One round: PODS pods through their writes; CPU ms per phase (events: per Event). */
async function round(api: Api, clock: { now(): number }, first: number, text: boolean): Promise<Record<string, number>> {
  const pods: { ns: string; name: string; uid: string; rv: string }[] = [];
  const cpu: Record<string, number> = {};
  let t = cpuMs();
  for (let i = 0; i < PODS; i++) {
    const ns = `ns-${(first + i) % NS}`;
    const name = `pod-${first + i}`;
    const res = await api.handle(req('POST', `/api/v1/namespaces/${ns}/pods`, typicalPod(name, ns), 'application/json', 'kubectl/v1.34.0', text));
    check(res, 'create');
    const meta = JSON.parse(String(res.body)).metadata;
    pods.push({ ns, name, uid: meta.uid, rv: meta.resourceVersion });
  }
  cpu.create = cpuMs() - t;
  t = cpuMs();
  for (const p of pods) {
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: p.name, namespace: p.ns, uid: p.uid }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
    check(await api.handle(req('POST', `/api/v1/namespaces/${p.ns}/pods/${p.name}/binding`, binding, 'application/json', 'kube-scheduler/v1.34.0', text)), 'binding');
  }
  cpu.binding = cpuMs() - t;
  t = cpuMs();
  for (const p of pods) {
    const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    check(await api.handle(req('PATCH', `/api/v1/namespaces/${p.ns}/pods/${p.name}/status`, { status: kubeletRunningStatus(now) }, 'application/merge-patch+json', 'kubelet/v1.34.0', text)), 'status');
  }
  cpu.status = cpuMs() - t;
  t = cpuMs();
  for (const p of pods) {
    const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    for (const [reason, message, component] of REASONS) {
      check(await api.handle(req('POST', `/api/v1/namespaces/${p.ns}/events`, podEvent(p.ns, p, `${p.name}.${Math.floor(Math.random() * 1e15).toString(16)}`, reason, message, now, component), 'application/json', `${component}/v1.34.0`, text)), 'event');
    }
  }
  cpu.event = (cpuMs() - t) / REASONS.length;
  return cpu;
}

async function main(): Promise<void> {
  const servers = [];
  for (const root of SOURCES) servers.push(await server(root));
  const perOp = SOURCES.map(() => Object.fromEntries(PHASES.map((p) => [p, [] as number[]])));
  const perPod: number[][] = SOURCES.map(() => []);
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (let s = 0; s < servers.length; s++) {
      const cpu = await round(servers[s].api, servers[s].clock, r * PODS, servers[s].text);
      // Round 0 warms the JIT; it is not counted.
      if (r === 0) continue;
      for (const p of PHASES) perOp[s][p].push((cpu[p] * 1000) / PODS);
      perPod[s].push(((cpu.create + cpu.binding + cpu.status + cpu.event * REASONS.length) * 1000) / PODS);
      console.log(`round ${r} ${SOURCES[s]}: ${PHASES.map((p) => `${p} ${((cpu[p] * 1000) / PODS).toFixed(1)} us`).join(', ')}`);
    }
  }
  for (let s = 0; s < servers.length; s++) {
    console.log(`source: ${SOURCES[s]}`);
    console.log(`  CPU per op (median of ${ROUNDS} rounds of ${PODS} pods): ${PHASES.map((p) => `${p} ${median(perOp[s][p]).toFixed(1)} us`).join(', ')}`);
    console.log(`  CPU per pod (create + binding + status patch + 4 Events): ${median(perPod[s]).toFixed(1)} us`);
    await servers[s].close();
  }
}

void main();
