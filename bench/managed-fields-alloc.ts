// managedFields tracking of ordinary writes (trackUpdate) alone, on the pod write path: the
// calls a pod's create, kubelet status merge patch and 4 Events make (its pods/binding is a
// system write, not tracked, but runs so that the status patch sees a bound pod), recorded
// once from an in-process API server, then replayed straight into each checkout's trackUpdate
// (no decoding, store or encoding around it). Prints, per checkout, CPU per call by phase
// (process CPU time of a batch of each phase's calls, median of rounds) and bytes allocated
// per pod (V8's sampling heap profiler, counting objects already collected, one sample per
// 1 KB on average: an estimate within a few percent), and checks that every checkout writes
// the same managedFields for every call. Then the same writes through each checkout's API
// server with the profiler on: bytes per pod on the whole write path, and the part allocated
// under trackUpdate.
//   node --import tsx bench/managed-fields-alloc.ts [pods=1000] [rounds=15]
// Env: BENCH_SOURCE_DIR=<checkout>[,<checkout>...] as bench/apiserver-writes.ts (the calls are
// recorded with the first); with several, each round runs them one after the other.
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { kubeletRunningStatus, podEvent, typicalPod } from './apiserver-support';

const SOURCES = (process.env.BENCH_SOURCE_DIR ?? join(__dirname, '..')).split(',');
const PODS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 15);
const PHASES = ['create', 'status', 'event'] as const;
type Phase = (typeof PHASES)[number];

interface Call {
  phase: Phase;
  args: Record<string, unknown>;
}

type TrackUpdate = (args: Record<string, unknown>) => { metadata?: { managedFields?: unknown } };

function req(method: string, path: string, body: unknown, contentType: string, userAgent: string) {
  const url = new URL(path, 'https://x');
  return { method, path: url.pathname, query: url.searchParams, headers: { 'content-type': contentType, 'user-agent': userAgent, accept: 'application/json' }, text: JSON.stringify(body) };
}

function check(res: { status: number; body?: unknown }, what: string): void {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${String(res.body).slice(0, 300)}`);
}

interface Server {
  api: { handle(r: unknown): Promise<{ status: number; body?: unknown }>; stop(): void };
  clock: { now(): number };
  close(): Promise<void>;
}

/** An in-process API server of checkout `root`, its trackUpdate wrapped by `wrap` if given. */
async function server(root: string, wrap?: (track: TrackUpdate) => TrackUpdate): Promise<Server> {
  const { RealClock } = await import(join(root, 'src/kube/clock'));
  const { ApiServer } = await import(join(root, 'src/emulator/apiserver/server'));
  const { bootstrapClusterObjects } = await import(join(root, 'src/emulator/apiserver/system-objects'));
  const { defaultModules } = await import(join(root, 'src/emulator/cluster'));
  const { openStore } = await import(join(root, 'src/emulator/store/index'));
  const clock = new RealClock();
  const store = await openStore({ clock, compactionIntervalMs: 0, log: () => undefined });
  const modules = defaultModules();
  const patch = wrap ? { ...modules.patch, trackUpdate: wrap(modules.patch.trackUpdate as TrackUpdate) } : modules.patch;
  const api = new ApiServer({ store, clock, modules: { ...modules, patch } });
  await bootstrapClusterObjects(api);
  await api.handle(req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }, 'application/json', 'bench/1.0'));
  return {
    api,
    clock,
    close: async () => {
      api.stop();
      await store.close();
    },
  };
}

/** The writes of pods first..first+count-1; `phase` is told which write comes next. */
async function writePods({ api, clock }: Server, first: number, count: number, phase: (p: Phase) => void = () => undefined): Promise<void> {
  for (let i = first; i < first + count; i++) {
    const name = `pod-${i}`;
    phase('create');
    const res = await api.handle(req('POST', '/api/v1/namespaces/bench/pods', typicalPod(name, 'bench'), 'application/json', 'kubectl/v1.34.0'));
    check(res, 'create');
    const uid = JSON.parse(String(res.body)).metadata.uid;
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: 'bench', uid }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
    check(await api.handle(req('POST', `/api/v1/namespaces/bench/pods/${name}/binding`, binding, 'application/json', 'kube-scheduler/v1.34.0')), 'binding');
    phase('status');
    const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    check(await api.handle(req('PATCH', `/api/v1/namespaces/bench/pods/${name}/status`, { status: kubeletRunningStatus(now, i) }, 'application/merge-patch+json', 'kubelet/v1.34.0')), 'status');
    phase('event');
    for (const [reason, component] of [
      ['Scheduled', 'default-scheduler'],
      ['Pulled', 'kubelet'],
      ['Created', 'kubelet'],
      ['Started', 'kubelet'],
    ]) {
      const ev = podEvent('bench', { name, uid }, `${name}.${reason.toLowerCase()}`, reason, `${reason} ${name}`, now, component);
      check(await api.handle(req('POST', '/api/v1/namespaces/bench/events', ev, 'application/json', `${component}/v1.34.0`)), 'event');
    }
  }
}

/** The trackUpdate calls of PODS pods' writes through `root`'s API server (arguments copied, the schema shared). */
async function record(root: string): Promise<Call[]> {
  const calls: Call[] = [];
  let phase: Phase = 'create';
  const s = await server(root, (track) => (args) => {
    const { schema, ...rest } = args;
    calls.push({ phase, args: { ...structuredClone(rest), schema } });
    return track(args);
  });
  calls.length = 0;
  await writePods(s, 0, PODS, (p) => (phase = p));
  await s.close();
  return calls;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU microseconds per call by phase (process CPU time: other work on the machine does not count), one batch per phase. */
function replay(track: TrackUpdate, byPhase: Record<Phase, Call[]>): Record<Phase, number> {
  const out = {} as Record<Phase, number>;
  for (const p of PHASES) {
    const calls = byPhase[p];
    const t = process.cpuUsage();
    for (const c of calls) track(c.args);
    const d = process.cpuUsage(t);
    out[p] = (d.user + d.system) / calls.length;
  }
  return out;
}

interface ProfileNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: ProfileNode[];
}

type Post = (method: string, params?: object) => Promise<unknown>;

/** Bytes allocated per pod on the whole write path through `root`'s API server, and the part under trackUpdate. */
async function pathAllocation(root: string, post: Post): Promise<{ total: number; tracked: number }> {
  const s = await server(root);
  await writePods(s, 0, 500);
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await writePods(s, 500, PODS);
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
  await s.close();
  let total = 0;
  let tracked = 0;
  const walk = (n: ProfileNode, inTrack: boolean) => {
    const t = inTrack || (n.callFrame.functionName === 'trackUpdate' && n.callFrame.url.endsWith('patch/field-manager.ts'));
    total += n.selfSize;
    if (t) tracked += n.selfSize;
    for (const c of n.children) walk(c, t);
  };
  walk(profile.head, false);
  return { total: total / PODS, tracked: tracked / PODS };
}

async function main(): Promise<void> {
  const calls = await record(SOURCES[0]);
  const byPhase = Object.fromEntries(PHASES.map((p) => [p, calls.filter((c) => c.phase === p)])) as Record<Phase, Call[]>;
  const tracks: TrackUpdate[] = [];
  for (const root of SOURCES) tracks.push((await import(join(root, 'src/emulator/apiserver/patch/index'))).trackUpdate);

  // Every checkout writes the same managedFields for every call.
  for (let s = 1; s < SOURCES.length; s++) {
    for (const c of calls) {
      const a = JSON.stringify(tracks[0](c.args).metadata?.managedFields);
      const b = JSON.stringify(tracks[s](c.args).metadata?.managedFields);
      if (a !== b) throw new Error(`${SOURCES[s]} differs from ${SOURCES[0]} on a ${c.phase} call:\n${a}\n${b}`);
    }
  }
  console.log(`${calls.length} calls recorded (${PODS} pods); managedFields identical across ${SOURCES.length} checkout(s)`);

  const session = new Session();
  session.connect();
  const post: Post = (method, params) => new Promise<unknown>((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
  const bytes: number[][] = SOURCES.map(() => []);
  const us: Record<Phase, number[]>[] = SOURCES.map(() => ({ create: [], status: [], event: [] }));
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (let s = 0; s < SOURCES.length; s++) {
      const t = replay(tracks[s], byPhase);
      // Round 0 warms the JIT; it is not counted.
      if (r > 0) for (const p of PHASES) us[s][p].push(t[p]);
    }
  }
  for (let r = 0; r < 3; r++) {
    for (let s = 0; s < SOURCES.length; s++) {
      await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      replay(tracks[s], byPhase);
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
      let total = 0;
      const walk = (n: ProfileNode) => {
        total += n.selfSize;
        n.children.forEach(walk);
      };
      walk(profile.head);
      bytes[s].push(total / PODS);
    }
  }
  const paths = [];
  for (const root of SOURCES) paths.push(await pathAllocation(root, post));
  for (let s = 0; s < SOURCES.length; s++) {
    console.log(`source: ${SOURCES[s]}`);
    console.log(`  trackUpdate per call (median of ${ROUNDS} rounds): ${PHASES.map((p) => `${p} ${median(us[s][p]).toFixed(2)} us`).join(', ')}`);
    const perPod = us[s].create.map((c, i) => c + us[s].status[i] + 4 * us[s].event[i]);
    console.log(`  per pod (create + status + 4 Events): ${median(perPod).toFixed(2)} us, ${(median(bytes[s]) / 1024).toFixed(1)} KB allocated`);
    const { total, tracked } = paths[s];
    console.log(`  whole write path (API server handle): ${(total / 1024).toFixed(1)} KB allocated per pod, ${(tracked / 1024).toFixed(1)} KB (${((100 * tracked) / total).toFixed(1)} %) under trackUpdate`);
  }
}

void main();
