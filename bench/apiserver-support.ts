// Shared pieces of the API server benchmarks: an emulator child process, a keep-alive HTTPS
// client, a typical pod, open-loop load at a fixed rate, percentiles, and an in-process
// ApiServer built from any checkout.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..');

export interface Emulator {
  child: ChildProcess;
  url: string;
  kubeconfig: string;
  readyMs: number;
  stop(): Promise<void>;
}

export async function startEmulator(stateDir: string, fresh: boolean): Promise<Emulator> {
  const t0 = performance.now();
  // The API server alone: the control loops' own load is measured by their benchmarks.
  const args = [join(ROOT, 'dist', 'emulator.js'), '--port', '0', '--state-dir', stateDir, '--no-control-loops', ...(fresh ? ['--fresh'] : [])];
  // BENCH_EMULATOR_NODE_ARGS: extra flags for the emulator's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
  const nodeArgs = ['--max-old-space-size=4096', ...(process.env.BENCH_EMULATOR_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const l = out.split('\n').find((x) => x.startsWith('kube-emulator ready at '));
      if (l) resolve(l);
    });
    child.once('exit', (c) => reject(new Error(`emulator exited ${c}`)));
  });
  const m = /ready at (\S+) \(kubeconfig: (.+)\)/.exec(line)!;
  return {
    child,
    url: m[1],
    kubeconfig: m[2],
    readyMs: performance.now() - t0,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Client {
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): void;
}

export function client(kubeconfig: string, maxSockets: number): Client {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = config.users[0].user.token;
  const { hostname, port } = new URL(config.clusters[0].cluster.server);
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  return {
    close: () => agent.destroy(),
    send: (method, path, body, headers = {}) =>
      new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const h: Record<string, string | number> = { authorization: `Bearer ${token}`, accept: 'application/json', ...headers };
        if (data) {
          h['content-type'] = 'application/json';
          h['content-length'] = Buffer.byteLength(data);
        }
        const req = request({ hostname, port, method, path, headers: h, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        req.end(data);
      }),
  };
}

/** The scale benches' pod: one container with small cpu/memory requests (scheduler_perf's basic pod), 30 label shards. */
export function scalePod(name: string, namespace: string, i: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'scale', shard: String(i % 30) } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.29', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

/** A pod of typical size (~1.5 KB of JSON): labels, annotations, two containers with resources and env. */
export function typicalPod(name: string, namespace = 'default'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: 'web', tier: 'frontend', 'pod-template-hash': '5d8f7c6b9d', 'app.kubernetes.io/part-of': 'shop' },
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/shop/web:1.42.0',
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [
            { name: 'LOG_LEVEL', value: 'info' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
        },
        { name: 'sidecar', image: 'registry.example.com/proxy:2.1', resources: { requests: { cpu: '10m', memory: '32Mi' } } },
      ],
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summary(latencies: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = [...latencies].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

/**
 * Open-loop load: requests are due at `rate` per second whether or not earlier ones finished,
 * with at most `concurrency` in flight. Latency is client-observed (send to last byte); a
 * server that cannot keep up shows as an achieved rate below the target.
 */
export async function openLoop(rate: number, durationMs: number, concurrency: number, fire: (i: number) => Promise<void>): Promise<{ latencies: number[]; achieved: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const total = Math.floor((rate * durationMs) / 1000);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sent = performance.now();
      try {
        await fire(i);
        latencies.push(performance.now() - sent);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, achieved: (latencies.length * 1000) / (performance.now() - start), errors };
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * inProcessApiServer (apiserver-in-process.ts) built from a checkout's src/ (BENCH_SOURCE_DIR), to
 * compare trees in one process; its modules are loaded at run time, so the result is untyped.
 */
export async function inProcessApiServerAt(root: string, clockKind: 'fake' | 'real'): Promise<{ api: any; store: any; clock: any }> {
  const { FakeClock, RealClock } = await import(join(root, 'src/kube/clock'));
  const { ApiServer } = await import(join(root, 'src/emulator/apiserver/server'));
  const { bootstrapClusterObjects } = await import(join(root, 'src/emulator/apiserver/system-objects'));
  const { defaultModules } = await import(join(root, 'src/emulator/cluster'));
  const { openStore } = await import(join(root, 'src/emulator/store/index'));
  const clock = clockKind === 'fake' ? new FakeClock() : new RealClock();
  const store = await openStore({ clock, compactionIntervalMs: 0, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  return { api, store, clock };
}

/**
 * A Running pod status as the kubelet writes it (conditions, IPs, two container statuses). With
 * `pod`, its IP and container IDs are that pod's own; without, every pod gets the same ones.
 */
export function kubeletRunningStatus(now: string, pod?: number): Record<string, unknown> {
  const container = (name: string, image: string, n: number) => ({
    name,
    state: { running: { startedAt: now } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image,
    imageID: `${image}@sha256:${'ab'.repeat(32)}`,
    containerID: `containerd://${String(pod === undefined ? n : pod * 2 + n).padStart(64, '0')}`,
    started: true,
  });
  const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  const podIP = pod === undefined ? '10.244.3.17' : `10.244.${pod >> 8}.${pod & 255}`;
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
    hostIP: '10.0.0.7',
    hostIPs: [{ ip: '10.0.0.7' }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    containerStatuses: [container('app', 'registry.example.com/shop/web:1.42.0', 1), container('sidecar', 'registry.example.com/proxy:2.1', 2)],
  };
}

/** A core/v1 Event about pod `involved` as a kubelet or the scheduler writes it, named `name`. */
export function podEvent(ns: string, involved: { name: string; uid: string; rv?: string }, name: string, reason: string, message: string, now: string, component: string): Record<string, unknown> {
  const involvedObject: Record<string, unknown> = { kind: 'Pod', namespace: ns, name: involved.name, uid: involved.uid, apiVersion: 'v1' };
  if (involved.rv !== undefined) involvedObject.resourceVersion = involved.rv;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject,
    reason,
    message,
    source: { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: 'Normal',
    reportingComponent: component,
    reportingInstance: '',
  };
}
