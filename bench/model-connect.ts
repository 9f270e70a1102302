// Connects the cluster layer to the bundled emulator filled with N nodes and M pods, as
// the extension does, and measures: time from start() to a complete model (all lists
// folded, i.e. what the tree's first render waits for), the process heap, the latency of
// one watch event to a flushed change set, and `kubectl get pods -A -o json` on the same
// cluster (how the most used Kubernetes extension fills its tree), as a ratio.
//
//   node --expose-gc --import tsx bench/model-connect.ts [nodes] [pods] [--no-kubectl] [--state=DIR] [--runs=N] [--page-size=N]
//
// The emulator runs as its own process from src/emulator/main.ts (through tsx) with a
// temporary state folder, removed at the end. With --state=DIR the folder is kept and a
// later run with the same sizes reuses the filled cluster (filling 150,000 pods takes a
// minute); --runs=N connects N times (fresh connections) and prints medians; --page-size=N
// lists N items per page (default: the connection's 1,000).
//
// Milestones per connect: the tree's first render (root, Control Plane with its instances,
// the Nodes level with every node; pods of workers may still be filling in), nodes listed,
// and the complete model (every list folded).

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RealClock } from '../src/kube/clock.js';
import { createConnection } from '../src/cluster/index.js';
import { loadKubeconfigs } from '../src/cluster/kubeconfig.js';
import type { ClusterConnection } from '../src/cluster/connection.js';
import { type ArchitectureElement, ArchitectureElements } from '../src/vscode/architecture-elements.js';
import { describeElement } from '../src/vscode/architecture-labels.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const NODES = Number(args[0] ?? 5000);
const PODS = Number(args[1] ?? 150_000);
const CONCURRENCY = 32;
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const KEEP_STATE = flag('state');
const RUNS = Number(flag('runs') ?? 1);
const PAGE_SIZE = flag('page-size') ? Number(flag('page-size')) : undefined;

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startEmulator(stateDir: string, fresh: boolean): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--state-dir', stateDir, ...(fresh ? ['--fresh'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /kubeconfig: ([^)]+)\)/.exec(out);
      if (m) resolve({ child, kubeconfig: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

/** What VS Code asks for when the view opens: expanded levels and the look of every item. */
function renderTree(t: ArchitectureElements): number {
  let items = 0;
  const visit = (e: ArchitectureElement) => {
    describeElement(t, e);
    items++;
    if (e.kind === 'cluster' || e.kind === 'controlPlane' || e.kind === 'nodes') for (const c of t.children(e)) visit(c);
  };
  for (const r of t.children(undefined)) visit(r);
  return items;
}

/** The first render counts once the top of the tree is complete: every node, and control-plane instances. */
function treeComplete(conn: ClusterConnection, nodes: number): boolean {
  const m = conn.model;
  return m.nodeCount >= nodes && m.controlPlaneComponent('kube-apiserver').instances.length > 0 && m.controlPlaneComponent('kube-scheduler').leaderHost !== undefined;
}

interface ConnectRun {
  firstRenderMs: number;
  renderItems: number;
  nodesMs: number;
  completeMs: number;
  heapMB: number;
}

async function connectOnce(set: Awaited<ReturnType<typeof loadKubeconfigs>>, contextName: string, nodes: number): Promise<{ run: ConnectRun; conn: ClusterConnection }> {
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const conn = await createConnection({ kubeconfigs: set, contextName, clock: new RealClock(), pageSize: PAGE_SIZE });
  const tree = new ArchitectureElements({ contextName, model: conn.model, get state() { return conn.state; }, serverVersion: 'v1.34.0', now: () => Date.now() });
  const t0 = performance.now();
  let firstRenderMs = 0;
  let renderItems = 0;
  let nodesMs = 0;
  // As the tree provider does: every flushed change set may refresh the view.
  const sub = conn.onDidChange((cs) => {
    tree.invalidate(cs.nodeListChanged);
    if (!nodesMs && conn.model.hasSynced('Node')) nodesMs = performance.now() - t0;
    if (!firstRenderMs && treeComplete(conn, nodes)) {
      renderItems = renderTree(tree);
      firstRenderMs = performance.now() - t0;
    }
  });
  conn.start();
  while (!(conn.state.phase === 'connected' && conn.model.hasSynced('Pod') && conn.model.hasSynced('Node') && firstRenderMs)) await new Promise((r) => setTimeout(r, 5));
  const completeMs = performance.now() - t0;
  sub.dispose();
  gc?.();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  return { run: { firstRenderMs, renderItems, nodesMs, completeMs, heapMB }, conn };
}

async function main(): Promise<void> {
  const marker = `filled-${NODES}-${PODS}`;
  const stateDir = KEEP_STATE ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ca-bench-'));
  const reuse = KEEP_STATE !== undefined && fs.existsSync(path.join(stateDir, marker));
  let started: Awaited<ReturnType<typeof startEmulator>>;
  try {
    started = await startEmulator(stateDir, !reuse);
  } catch (err) {
    if (!KEEP_STATE) fs.rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  const { child, kubeconfig } = started;
  try {
    const set = await loadKubeconfigs({ kubeconfigEnv: kubeconfig });
    const contextName = set.contextNames()[0];
    const kc = set.kubeConfigFor(contextName);
    const server = kc.getCurrentCluster()!.server;
    const base: https.RequestOptions = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
    await kc.applyToHTTPSOptions(base);
    const agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: base.ca, cert: base.cert, key: base.key, rejectUnauthorized: base.rejectUnauthorized });
    const post = (p: string, body: unknown) =>
      new Promise<void>((resolve, reject) => {
        const req = https.request(server + p, { ...base, agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode! < 300 || res.statusCode === 409 ? resolve() : reject(new Error(`POST ${p}: HTTP ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    const nodeName = (i: number) => `node-${String(i).padStart(5, '0')}`;
    async function fill(count: number, make: (i: number) => Promise<void>): Promise<number> {
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) await make(next++);
        }),
      );
      return performance.now() - t0;
    }
    const nodeMs = reuse ? 0 : await fill(NODES, (i) => post('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName(i), labels: { 'cluster-anatomy.dev/emulated': 'true', ...(i < 3 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } } }));
    if (reuse) console.log(`reusing the filled cluster in ${stateDir}`);
    const podMs = reuse ? 0 : await fill(PODS, (i) =>
      post(`/api/v1/namespaces/default/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `web-${i}`, labels: { app: `web-${Math.floor(i / 1000)}` } },
        spec: { nodeName: nodeName(i % NODES), containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      }),
    );
    if (!reuse) {
      console.log(`filled: ${NODES} nodes in ${(nodeMs / 1000).toFixed(1)} s, ${PODS} pods in ${(podMs / 1000).toFixed(1)} s`);
      if (KEEP_STATE) fs.writeFileSync(path.join(stateDir, marker), '');
    }

    // The extension's path: connect and wait until every list is folded.
    const runs: ConnectRun[] = [];
    let conn!: ClusterConnection;
    for (let r = 0; r < RUNS; r++) {
      conn?.dispose();
      const once = await connectOnce(set, contextName, NODES);
      conn = once.conn;
      runs.push(once.run);
      const x = once.run;
      console.log(`run ${r + 1}: first render ${x.firstRenderMs.toFixed(0)} ms (${x.renderItems} items), nodes listed ${x.nodesMs.toFixed(0)} ms, complete model ${x.completeMs.toFixed(0)} ms, heap ${x.heapMB.toFixed(1)} MB, load ${os.loadavg()[0].toFixed(1)}`);
    }
    const connectMs = median(runs.map((x) => x.completeMs));
    const heapMB = median(runs.map((x) => x.heapMB));

    // One watch event to a flushed change set (the default 100 ms batching included).
    const latencies: number[] = [];
    for (let k = 0; k < 20; k++) {
      const name = `probe-${Date.now()}-${k}`;
      const seen = new Promise<number>((resolve) => {
        const sub = conn.onDidChange((cs) => {
          if (cs.pods.has(`default/${name}`)) {
            sub.dispose();
            resolve(performance.now());
          }
        });
      });
      const s = performance.now();
      await post('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: nodeName(k), containers: [{ name: 'c', image: 'busybox' }] } });
      latencies.push((await seen) - s);
    }
    conn.dispose();
    agent.destroy();

    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
    console.log(`first render of the tree: median ${median(runs.map((x) => x.firstRenderMs)).toFixed(0)} ms of ${RUNS}`);
    console.log(`connect to complete model (${conn.model.nodeCount} nodes, ${conn.model.podCount} pods): median ${connectMs.toFixed(0)} ms of ${RUNS}`);
    console.log(`heap retained by the connection after GC: ${heapMB.toFixed(1)} MB`);
    console.log(`watch event -> flushed change set (100 ms batching): median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);

    // kubectl, for the ratio.
    if (process.argv.includes('--no-kubectl')) return;
    const kubectl = ['.cache/bin/kubectl', '/usr/bin/kubectl'].find((k) => fs.existsSync(k));
    if (!kubectl) {
      console.log('kubectl not found (the kube clients setup puts it in .cache/bin): no ratio');
      return;
    }
    const kubectlRuns: number[] = [];
    for (let k = 0; k < 3; k++) {
      const s = performance.now();
      try {
        execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'pods', '-A', '-o', 'json'], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
        kubectlRuns.push(performance.now() - s);
      } catch (err: any) {
        console.log(`${kubectl} get pods -A -o json failed after ${(performance.now() - s).toFixed(0)} ms: ${String(err.stderr ?? err.message).trim()}`);
      }
    }
    if (kubectlRuns.length) {
      const k = median(kubectlRuns);
      console.log(`${kubectl} get pods -A -o json: median ${k.toFixed(0)} ms of ${kubectlRuns.length}; ratio kubectl / model connect = ${(k / connectMs).toFixed(2)}`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (!KEEP_STATE) fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
