// Issue 4's scale target end to end: the emulator as its own process (bundled from the
// current source into a temp dir) with N simulated nodes; P pods created through the HTTPS
// API; time until a client's watch has seen every pod Running, pods/s over time, the
// emulator's CPU seconds and its peak RSS (VmHWM from /proc).
//   node --import tsx bench/emulator-scale-running.ts [nodes=500] [pods=15000] [mode=pods|deployments] [concurrency=32]
// mode=pods: the bench POSTs every pod (bounded concurrency); mode=deployments: it creates
// ceil(P/5000) Deployments and the controllers create the pods.
// The result also gives the round trips of an interactive GET sent every 500 ms beside the load.
// Each 5-s line shows the two busiest threads' share on a CPU + runnable and waiting for one
// (schedstat; near 100 % together is the bottleneck, and its wait what the machine's other
// threads took from it); the result
// gives the creates' round trips, and ends with a probe of the machine's speed before and after
// (bench/machine-speed.ts) and the CPU the hypervisor stole during the run: runs from different
// hours compare only beside those.
// Env: BENCH_NODE_ARGS (extra flags for the emulator's node, e.g. "--max-semi-space-size=32"); BENCH_SOURCE_DIR (a checkout whose src/ to bundle instead, for before/after runs); BENCH_EMULATOR_ARGS (extra emulator flags, e.g. "--trace-capacity 100"); BENCH_CPU_PROF=<dir> runs the emulator with --cpu-prof into <dir>; BENCH_TIME_SCALE (default 1);
// BENCH_STAGES=1 adds to each 5-s line how many pods are not scheduled yet and how many are bound and not
// Running (two LISTs by field selector, metadata only);
// BENCH_CREATE_QPS=<n> paces the creates at n per second at most (clusterloader2's UniformQPS), the concurrency still bounding them;
// BENCH_FULL_WATCH=1 watches every pod change instead of status.phase=Running (the client then gets ~3.2 events per pod);
// BENCH_TIMEOUT_S (default 600) gives up and reports what it reached; BENCH_HEAP_SNAPSHOT=<dir> writes a
// heap snapshot of the emulator into <dir> once every pod is Running; BENCH_GC_LOG=<file> appends the emulator's
// --trace-gc lines (its stdout) to <file>. The result gives each isolate's scavenges and full GCs with the time its
// thread stood still for them (from --trace-gc, or --trace-gc-nvp when BENCH_NODE_ARGS asks for it).
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { client, ROOT, scalePod } from './apiserver-support';
import { cpuTicks, machineSpeedMsInChild, stealPercent } from './machine-speed';

const NODES = Number(process.argv[2] ?? 500);
const PODS = Number(process.argv[3] ?? 15_000);
const MODE = (process.argv[4] ?? 'pods') as 'pods' | 'deployments';
const CONCURRENCY = Number(process.argv[5] ?? 32);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
/** Creates per second at most (BENCH_CREATE_QPS; 0: as fast as the creates in flight allow). */
const CREATE_QPS = Number(process.env.BENCH_CREATE_QPS ?? 0);
const NAMESPACE = 'scale';
const REPLICAS_PER_DEPLOYMENT = 5000;
// As client-go sends it: the API server names the field manager after it, so every pod carries its
// creator's managedFields entry as pods created by kubectl or a controller do (without a User-Agent
// kube-apiserver records no manager, which would understate memory and write cost).
const CLIENT_HEADERS = { 'user-agent': 'scale-bench/v1.34.0 (linux/amd64) kubernetes/bench' };

interface ProcSample {
  rssMiB: number;
  hwmMiB: number;
  cpuS: number;
}

function sample(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 Hz on Linux).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024, cpuS: (Number(fields[11]) + Number(fields[12])) / 100 };
}

interface ThreadTimes {
  name: string;
  cpuS: number;
  /** Seconds the thread was runnable and waited for a CPU (schedstat's run_delay). */
  waitS: number;
}

/** CPU seconds and CPU waits of each of the process's threads (/proc/<pid>/task), by thread id. */
function threadCpu(pid: number): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const dir = `/proc/${pid}/task/${tid}`;
    try {
      const stat = readFileSync(`${dir}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // schedstat: time on a CPU, time runnable on a run queue (both ns), timeslices; absent
      // from kernels built without scheduler statistics.
      const waitNs = existsSync(`${dir}/schedstat`) ? Number(readFileSync(`${dir}/schedstat`, 'utf8').split(' ')[1]) : 0;
      out.set(tid, { name: tid === String(pid) ? 'main' : name, cpuS: (Number(fields[11]) + Number(fields[12])) / 100, waitS: waitNs / 1e9 });
    } catch {
      // the thread ended
    }
  }
  return out;
}

/**
 * CPU per thread between two samples, as "name tid: ms per pod": the process's thread (it only
 * passes signals on since the API server has its own worker), the API server's worker and the
 * control loops' worker (the two busiest other threads; the API server's started first, so its
 * id is the lower), then the rest summed by thread name (V8's GC helpers are "V8 DefaultWorke",
 * libuv's "libuv-worker"). Trees from before the API server's worker: main is the API server.
 */
function busiestThreads(before: Map<string, ThreadTimes>, after: Map<string, ThreadTimes>, pods: number, seconds: number): string {
  const perPod = (s: number) => `${s.toFixed(1)} s = ${((s * 1000) / Math.max(1, pods)).toFixed(2)} ms/pod`;
  const used = [...after].map(([tid, t]) => ({ tid, name: t.name, s: t.cpuS - (before.get(tid)?.cpuS ?? 0), wait: t.waitS - (before.get(tid)?.waitS ?? 0) })).sort((a, b) => b.s - a.s);
  // A thread's share of the run on a CPU and runnable without one: near 100 % together, it
  // was never idle, and the wait is what the machine's other threads took from it.
  const shares = (t: { s: number; wait: number }) => ` (${((100 * t.s) / seconds).toFixed(0)} % on a CPU, ${((100 * t.wait) / seconds).toFixed(0)} % waiting for one)`;
  const main = used.find((t) => t.name === 'main');
  const others = used.filter((t) => t !== main);
  const workerName = others[0]?.name;
  const workers = others.filter((t) => t.name === workerName).slice(0, main && main.s * 4 < (others[0]?.s ?? 0) ? 2 : 1);
  workers.sort((a, b) => Number(a.tid) - Number(b.tid));
  const named = workers.length === 2 ? [['API server', workers[0]], ['control loops', workers[1]]] as const : [['control loops', workers[0]]] as const;
  const rest = new Map<string, { n: number; s: number }>();
  for (const t of used) {
    if (t === main || workers.includes(t)) continue;
    const r = rest.get(t.name) ?? { n: 0, s: 0 };
    r.n++;
    r.s += t.s;
    rest.set(t.name, r);
  }
  const parts = [main && `main ${perPod(main.s)}${shares(main)}`, ...named.filter(([, t]) => t).map(([label, t]) => `${label} (${t!.name} ${t!.tid}) ${perPod(t!.s)}${shares(t!)}`)];
  for (const [name, r] of [...rest].sort((a, b) => b[1].s - a[1].s)) if (r.s >= 0.5) parts.push(`${r.n} x ${name} ${perPod(r.s)}`);
  return parts.filter(Boolean).join('; ');
}

const pod = (i: number): Record<string, unknown> => scalePod(`scale-${i}`, NAMESPACE, i);

function deployment(i: number, replicas: number): Record<string, unknown> {
  const labels = { app: `scale-${i}` };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `scale-${i}`, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.29', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    },
  };
}

/** A raw watch (newline-delimited JSON events) on `path`, from `resourceVersion`. */
function watch(kubeconfig: string, path: string, onEvent: (type: string, obj: any) => void): { stop(): void } {
  return watchLines(kubeconfig, path, (line) => {
    const e = JSON.parse(line) as { type: string; object: any };
    onEvent(e.type, e.object);
  });
}

/**
 * A raw watch, one line (one event's JSON) at a time. A watch the server ends (its timeout, or
 * closed as unresponsive) is resumed from the last resourceVersion read, as a reflector does.
 */
function watchLines(kubeconfig: string, path: string, onLine: (line: string) => void): { stop(): void } {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const { hostname, port } = new URL(config.clusters[0].cluster.server);
  let stopped = false;
  let lastRv: string | undefined;
  let req: ReturnType<typeof request>;
  const open = (at: string): void => {
    req = request({ hostname, port, path: at, ca, headers: { authorization: `Bearer ${config.users[0].user.token}`, accept: 'application/json' } }, (res) => {
      let rest = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (!line) continue;
          // The object's first resourceVersion is its metadata's.
          const m = /"resourceVersion":"(\d+)"/.exec(line);
          if (m) lastRv = m[1];
          onLine(line);
        }
      });
      res.on('end', () => {
        if (stopped) return;
        console.log(`watch ${path.split('?')[0]} ended by the server; resuming from resourceVersion ${lastRv}`);
        open(lastRv ? path.replace(/resourceVersion=\d*/, `resourceVersion=${lastRv}`) : path);
      });
    });
    req.on('error', () => undefined);
    req.end();
  };
  open(path);
  return {
    stop: () => {
      stopped = true;
      req.destroy();
    },
  };
}

/**
 * The pod's name in a watch event's line: found in place when metadata starts with it (as
 * kube-apiserver and the emulator write it), else parsed. A pod's first "name" anywhere else
 * may be its owner's (ownerReferences), or a container's.
 */
function podName(line: string): string {
  const meta = line.indexOf('"metadata":{');
  if (meta >= 0 && line.startsWith('"name":"', meta + 12)) {
    const at = meta + 20;
    return line.slice(at, line.indexOf('"', at));
  }
  return String((JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name);
}

/** Signals the emulator to write a heap snapshot into `dir` (its cwd) and waits until the file stops growing. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
  const before = new Set(files());
  process.kill(pid, 'SIGUSR2');
  let size = -1;
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 2000));
    const f = files().find((x) => !before.has(x));
    if (!f) continue;
    const now = statSync(join(dir, f)).size;
    if (now === size && now > 0) {
      console.log(`heap snapshot: ${join(dir, f)} (${(now / 2 ** 20).toFixed(0)} MiB)`);
      return;
    }
    size = now;
  }
}

/** p50/p90/p99/max of `ms`, e.g. "p50 12.3 ms, p90 ...". */
function percentiles(ms: number[]): string {
  const sorted = Float64Array.from(ms).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `p50 ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
}

/** One isolate's collections, from its --trace-gc or --trace-gc-nvp lines. */
interface IsolateGc {
  lastMB: number;
  maxMB: number;
  fullGcs: number;
  fullGcMs: number;
  incrementalMs: number;
  scavenges: number;
  scavengeMs: number;
}

/** Adds one line of V8's GC trace to its isolate's totals (other lines are ignored). */
function readGcLine(line: string, isolates: Map<string, IsolateGc>): void {
  const head = /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (.*)$/.exec(line);
  if (!head) return;
  const h = isolates.get(head[1]) ?? { lastMB: 0, maxMB: 0, fullGcs: 0, fullGcMs: 0, incrementalMs: 0, scavenges: 0, scavengeMs: 0 };
  isolates.set(head[1], h);
  const rest = head[2];
  const full = (afterMB: number, pauseMs: number, incrementalMs: number): void => {
    h.lastMB = afterMB;
    h.maxMB = Math.max(h.maxMB, afterMB);
    h.fullGcs++;
    h.fullGcMs += pauseMs;
    h.incrementalMs += incrementalMs;
  };
  // --trace-gc-nvp: name=value pairs.
  if (rest.startsWith('pause=')) {
    const kv = new Map(rest.split(' ').map((p) => p.split('=') as [string, string]));
    const pause = Number(kv.get('pause') ?? 0);
    if (kv.get('gc') === 's') {
      h.scavenges++;
      h.scavengeMs += pause;
    } else if (kv.get('gc') === 'mc') full(Number(kv.get('total_size_after') ?? 0) / 1024 ** 2, pause, Number(kv.get('incremental') ?? 0));
    return;
  }
  const m = /^(Scavenge|Mark-Compact)[^,]*?-> ([\d.]+) \([\d.]+\) MB, ([\d.]+) \/ [\d.]+ ms(?:\s+\(\+ ([\d.]+) ms in)?/.exec(rest);
  if (!m) return;
  if (m[1] === 'Scavenge') {
    h.scavenges++;
    h.scavengeMs += Number(m[3]);
  } else full(Number(m[2]), Number(m[3]), Number(m[4] ?? 0));
}

async function main(): Promise<void> {
  // The machine's speed before the run (and after it, below): times from different hours are
  // comparable only beside it.
  const speedBefore = machineSpeedMsInChild();
  let ticksBefore = cpuTicks();
  let ticksAfter = ticksBefore;
  const work = mkdtempSync(join(tmpdir(), 'emulator-scale-'));
  const bundle = join(work, 'emulator.js');
  const source = process.env.BENCH_SOURCE_DIR ?? ROOT;
  // The control loops' worker bundle sits next to emulator.js, as in dist/ (older trees have none).
  const entryPoints: Record<string, string> = { emulator: join(source, 'src/emulator/main.ts') };
  if (existsSync(join(source, 'src/emulator/worker/control-loops-worker.ts'))) entryPoints['emulator-control-loops'] = join(source, 'src/emulator/worker/control-loops-worker.ts');
  await build({ entryPoints, outdir: work, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  // No heap flags by default: the extension starts the emulator with node's defaults (a ~4 GB heap limit here).
  // The emulator's own heap flags, as the extension starts it (BENCH_NODE_ARGS may override them:
  // the later flag wins). Trees from before session 6 have no v8-flags.ts: none then.
  const flagsFile = join(source, 'src/emulator/v8-flags.ts');
  const emulatorFlags: string[] = existsSync(flagsFile) ? [...(await import(flagsFile)).EMULATOR_NODE_FLAGS] : [];
  const nodeArgs = ['--trace-gc', ...emulatorFlags, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  if (process.env.BENCH_CPU_PROF) {
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
    // The profiles' line numbers refer to these bundles (one profile per thread).
    for (const f of readdirSync(work).filter((n) => n.endsWith('.js'))) copyFileSync(join(work, f), join(process.env.BENCH_CPU_PROF, f));
  }
  const args = [bundle, '--port', '0', '--state-dir', join(work, 'state'), '--fresh', '--nodes', String(NODES), '--time-scale', process.env.BENCH_TIME_SCALE ?? '1'];
  if (process.env.BENCH_EMULATOR_ARGS) args.push(...process.env.BENCH_EMULATOR_ARGS.split(' ').filter(Boolean));
  const t0 = performance.now();
  if (process.env.BENCH_HEAP_SNAPSHOT) nodeArgs.push('--heapsnapshot-signal=SIGUSR2');
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.env.BENCH_HEAP_SNAPSHOT ?? work });
  let stderrTail = '';
  // --trace-gc (or --trace-gc-nvp): per isolate, the heap after each full (mark-compact)
  // collection is its live heap; pauses are time its own thread stood still for the GC.
  const gcByIsolate = new Map<string, IsolateGc>();
  const gcLog = process.env.BENCH_GC_LOG;
  let gcPartial = '';
  child.stdout!.on('data', (d) => {
    if (gcLog) appendFileSync(gcLog, d);
    const lines = (gcPartial + String(d)).split('\n');
    gcPartial = lines.pop()!;
    for (const line of lines) readGcLine(line, gcByIsolate);
  });
  child.stderr!.on('data', (d) => (stderrTail = (stderrTail + String(d)).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid!;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const l = out.split('\n').find((x) => x.startsWith('kube-emulator ready at '));
        if (l) resolve(l);
      });
      child.once('exit', (c) => reject(new Error(`emulator exited ${c}: ${stderrTail}`)));
    });
    const kubeconfig = /\(kubeconfig: (.+)\)/.exec(line)![1];
    const api = client(kubeconfig, CONCURRENCY);
    const ready = sample(pid);
    console.log(`emulator ready with ${NODES} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s; rss ${ready.rssMiB.toFixed(0)} MiB, cpu ${ready.cpuS.toFixed(1)} s`);

    // Nodes Ready: a paged list, then a watch from its resourceVersion for the rest.
    const readyNodes = new Set<string>();
    const isReady = (n: any): boolean => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    let nodeListRv = '';
    for (let cont = ''; ; ) {
      const page = JSON.parse((await api.send('GET', `/api/v1/nodes?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)).body);
      for (const n of page.items) if (isReady(n)) readyNodes.add(n.metadata.name);
      nodeListRv = page.metadata.resourceVersion;
      cont = page.metadata.continue ?? '';
      if (!cont) break;
    }
    if (readyNodes.size < NODES) {
      let nodesReady!: () => void;
      const allNodesReady = new Promise<void>((r) => (nodesReady = r));
      const nodeWatch = watch(kubeconfig, `/api/v1/nodes?watch=true&resourceVersion=${nodeListRv}`, (_type, n) => {
        if (isReady(n)) readyNodes.add(n.metadata.name);
        if (readyNodes.size >= NODES) nodesReady();
      });
      await allNodesReady;
      nodeWatch.stop();
    }
    console.log(`${readyNodes.size} nodes Ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const ns = await api.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    if (ns.status >= 300) throw new Error(`namespace: ${ns.status} ${ns.body}`);
    const list = JSON.parse((await api.send('GET', `/api/v1/namespaces/${NAMESPACE}/pods?limit=1`)).body);
    const before = sample(pid);
    ticksBefore = cpuTicks();
    const threadsBefore = threadCpu(pid);
    const start = performance.now();
    const clientCpuBefore = process.cpuUsage();
    const running = new Set<string>();
    let watchEvents = 0;
    let done!: () => void;
    const allRunning = new Promise<void>((r) => (done = r));
    // The client shares the machine's 2 cores with the emulator. It watches as
    // `kubectl get pods --field-selector=status.phase=Running -w` does: one event per pod
    // instead of ~3.2, and the API server reads each pod's phase from the fields it keeps with
    // the stored value (no parse). BENCH_FULL_WATCH=1 watches every change, as before session 16.
    // Either way it finds the pod's name and phase in the line instead of parsing it.
    const selector = process.env.BENCH_FULL_WATCH ? '' : `&fieldSelector=${encodeURIComponent('status.phase=Running')}`;
    const podWatch = watchLines(kubeconfig, `/api/v1/namespaces/${NAMESPACE}/pods?watch=true${selector}&resourceVersion=${list.metadata.resourceVersion}`, (line) => {
      watchEvents++;
      if (line.startsWith('{"type":"DELETED"') || !line.includes('"phase":"Running"')) return;
      running.add(podName(line));
      if (running.size >= PODS) done();
    });

    let created = 0;
    let failed = 0;
    /** Each create's round trip: with creates bounded by CONCURRENCY, what sets their rate. */
    const createMs: number[] = [];
    let stopCreating = false;
    const creating = (async () => {
      if (MODE === 'deployments') {
        for (let i = 0, left = PODS; left > 0; i++, left -= REPLICAS_PER_DEPLOYMENT) {
          const r = await api.send('POST', `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`, deployment(i, Math.min(REPLICAS_PER_DEPLOYMENT, left)), CLIENT_HEADERS);
          if (r.status >= 300) throw new Error(`deployment: ${r.status} ${r.body}`);
        }
        return;
      }
      let next = 0;
      const paceFrom = performance.now();
      const worker = async () => {
        while (next < PODS && !stopCreating) {
          const i = next++;
          // clusterloader2's UniformQPS: create i is due at i / qps seconds, whatever is in flight.
          const due = CREATE_QPS > 0 ? paceFrom + (i * 1000) / CREATE_QPS : 0;
          if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
          const sent = performance.now();
          const r = await api.send('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, pod(i), CLIENT_HEADERS).catch(() => undefined);
          createMs.push(performance.now() - sent);
          if (!r || r.status >= 300) failed++;
          else created++;
          if (child.exitCode !== null) return;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    })();

    // An interactive client beside the load (kubectl, the extension's sidebar): a small GET on a
    // connection of its own every 500 ms, one at a time; its round trips show what the load costs
    // a user. (Handling requests in arrival order, behind the loops' queued work, made them 6x
    // slower for no gain in time: docs/bench/emulator-scale.md, session 14.)
    const interactive = client(kubeconfig, 1);
    const interactiveMs: number[] = [];
    let probing = false;
    const prober = setInterval(() => {
      if (probing) return;
      probing = true;
      const sent = performance.now();
      interactive
        .send('GET', '/api/v1/namespaces/default', undefined, CLIENT_HEADERS)
        .then(
          () => interactiveMs.push(performance.now() - sent),
          () => undefined,
        )
        .finally(() => (probing = false));
    }, 500);

    // Where the pods created and not Running wait: two metadata-only LISTs by field selector.
    const stagesClient = process.env.BENCH_STAGES ? client(kubeconfig, 1) : undefined;
    const METADATA_LIST = { accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' };
    const countPods = async (selector: string): Promise<number> => {
      const r = await stagesClient!.send('GET', `/api/v1/namespaces/${NAMESPACE}/pods?fieldSelector=${encodeURIComponent(selector)}`, undefined, METADATA_LIST);
      return (JSON.parse(r.body) as { items?: unknown[] }).items?.length ?? 0;
    };
    let stages = '';
    const stagesTimer = stagesClient
      ? setInterval(() => {
          void Promise.all([countPods('spec.nodeName='), countPods('status.phase=Pending')]).then(
            ([unbound, pending]) => (stages = `  unscheduled ${unbound}, bound not Running ${Math.max(0, pending - unbound)}`),
            () => undefined,
          );
        }, 5000)
      : undefined;

    const timeline: string[] = [];
    let last = { t: start, running: 0, cpu: before.cpuS };
    let lastThreads = threadsBefore;
    const ticker = setInterval(() => {
      const now = performance.now();
      const s = sample(pid);
      // The two busiest threads in the interval (the API server's and the control loops'), each
      // as on a CPU + runnable waiting for one: a thread near 100 % in all is the bottleneck
      // (its wait is what the machine's other threads took); neither near it, the pipeline waits.
      const threadsNow = threadCpu(pid);
      const interval = (now - last.t) / 1000;
      const busiest = [...threadsNow]
        .map(([tid, t]) => ({ cpu: (t.cpuS - (lastThreads.get(tid)?.cpuS ?? 0)) / interval, wait: (t.waitS - (lastThreads.get(tid)?.waitS ?? 0)) / interval }))
        .sort((a, b) => b.cpu - a.cpu)
        .slice(0, 2)
        .map((x) => `${(x.cpu * 100).toFixed(0)}+${(x.wait * 100).toFixed(0)}%`)
        .join('/');
      lastThreads = threadsNow;
      const rate = ((running.size - last.running) * 1000) / (now - last.t);
      const cpuShare = (s.cpuS - last.cpu) / ((now - last.t) / 1000);
      timeline.push(
        `${((now - start) / 1000).toFixed(0).padStart(4)} s  created ${MODE === 'pods' ? String(created).padStart(7) : '      -'}  running ${String(running.size).padStart(7)}  ${rate.toFixed(0).padStart(5)} pods/s  cpu ${(cpuShare * 100).toFixed(0).padStart(3)}% (busiest threads, on a CPU + waiting: ${busiest})  rss ${s.rssMiB.toFixed(0)} MiB${stages}`,
      );
      console.log(timeline[timeline.length - 1]);
      last = { t: now, running: running.size, cpu: s.cpuS };
    }, 5000);
    const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) with ${running.size} pods Running: ${stderrTail}`))));
    const timedOut = await Promise.race([allRunning.then(() => false), died, new Promise<boolean>((r) => setTimeout(() => r(true), TIMEOUT_S * 1000).unref())]);
    stopCreating = true;
    await Promise.race([creating, died]);
    const seconds = (performance.now() - start) / 1000;
    clearInterval(ticker);
    if (stagesTimer) clearInterval(stagesTimer);
    stagesClient?.close();
    clearInterval(prober);
    interactive.close();
    podWatch.stop();
    const after = sample(pid);
    ticksAfter = cpuTicks();
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const clientCpuS = (clientCpu.user + clientCpu.system) / 1e6;
    const threadsAfter = threadCpu(pid);
    api.close();
    if (process.env.BENCH_HEAP_SNAPSHOT) await heapSnapshot(pid, process.env.BENCH_HEAP_SNAPSHOT);
    console.log(
      [
        `result: ${NODES} nodes, ${PODS} pods (${MODE}${MODE === 'pods' ? `, ${CONCURRENCY} concurrent creates${CREATE_QPS > 0 ? ` at most ${CREATE_QPS}/s` : ''}, ${failed} failed` : ''}):`,
        `  ${timedOut ? `TIMED OUT after ${TIMEOUT_S} s with ${running.size} Running` : `all Running in ${seconds.toFixed(1)} s`} = ${(running.size / seconds).toFixed(0)} pods/s; watch events ${watchEvents}`,
        `  emulator cpu ${(after.cpuS - before.cpuS).toFixed(1)} s during the run (${((after.cpuS - before.cpuS) / seconds).toFixed(2)} cores), ${(((after.cpuS - before.cpuS) * 1000) / Math.max(1, running.size)).toFixed(2)} ms per pod`,
        `  the bench's own client (creates and watch) cpu ${clientCpuS.toFixed(1)} s (${(clientCpuS / seconds).toFixed(2)} cores)`,
        ...(createMs.length ? [`  create round trips: ${percentiles(createMs)}`] : []),
        ...(interactiveMs.length ? [`  an interactive GET every 500 ms beside the load: ${percentiles(interactiveMs)}`] : []),
        `  threads: ${busiestThreads(threadsBefore, threadsAfter, running.size, seconds)}`,
        `  emulator rss ${after.rssMiB.toFixed(0)} MiB at the end, peak (VmHWM) ${after.hwmMiB.toFixed(0)} MiB; at ready ${ready.rssMiB.toFixed(0)} MiB`,
        `  live heap after the last full GC, per isolate: ${[...gcByIsolate].sort((a, b) => b[1].maxMB - a[1].maxMB).map(([, h]) => `${h.lastMB.toFixed(0)} MB (largest ${h.maxMB.toFixed(0)} MB, ${h.fullGcs} full GCs)`).join('; ') || 'no full GC'}`,
        `  GC pauses per isolate since the emulator started (main thread first): ${[...gcByIsolate.values()].map((h) => `${h.scavenges} scavenges ${(h.scavengeMs / 1000).toFixed(1)} s, ${h.fullGcs} full GCs ${(h.fullGcMs / 1000).toFixed(1)} s + ${(h.incrementalMs / 1000).toFixed(1)} s of incremental marking`).join('; ') || 'none seen'}`,
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`  machine speed probe (bench/machine-speed.ts, lower is faster): ${speedBefore.toFixed(1)} ms before, ${machineSpeedMsInChild().toFixed(1)} ms after; CPU stolen by the hypervisor during the run ${stealPercent(ticksBefore, ticksAfter).toFixed(1)} %`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
