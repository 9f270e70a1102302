// Store benchmarks at the emulator's target scale: 150,000 pods of ~3 KB.
//   node --import tsx bench/store.ts [--pods 150000] [--only memory,latency,durable,keys,writes,wal,fanout,compact,index]
// BENCH_SOURCE_DIR=<checkout> measures another checkout's store (before/after).
// Prints medians (and p99 where latency matters). A restart is measured in a child
// process (`--restore <dir>`) so its time and RSS are those of a fresh emulator.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance as perfHooks } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { EmulatorStore } from '../src/emulator/store/index';
import { benchEvent, benchEventKey, benchPod, benchPodKey } from './store-pod';

type StoreModule = typeof import('../src/emulator/store/index');
const SOURCE = path.resolve(process.env.BENCH_SOURCE_DIR ?? path.join(__dirname, '..'));
let storeModule: StoreModule | undefined;
const openStore: StoreModule['openStore'] = async (options) => {
  storeModule ??= (await import(path.join(SOURCE, 'src/emulator/store/index.ts'))) as StoreModule;
  return storeModule.openStore(options);
};

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const PODS = Number(arg('pods', '150000'));
const only = new Set(arg('only', 'memory,latency,durable,keys,writes,wal,fanout,compact,index').split(','));

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(2)} ms`;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}
function memory(): string {
  gc();
  const m = process.memoryUsage();
  return `rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}, external ${mb(m.external + m.arrayBuffers)}`;
}

/** Creates `count` pods with up to `concurrency` writes in flight; returns creates/s. */
async function load(store: EmulatorStore, count: number, concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await store.create(benchPodKey(i), benchPod(i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return (count / (performance.now() - started)) * 1000;
}

function listAllPages(store: EmulatorStore, pageSize: number, filter?: (json: string) => boolean): { ms: number; items: number } {
  const started = performance.now();
  let items = 0;
  let startAfter: string | undefined;
  let revision: number | undefined;
  for (;;) {
    const page = store.list('/registry/pods/', { revision, startAfter, limit: pageSize, filter: filter && ((v) => filter(v.json)) });
    items += page.items.length;
    revision = page.revision;
    if (!page.more) break;
    startAfter = page.items[page.items.length - 1].key;
  }
  return { ms: performance.now() - started, items };
}

async function benchMemory(): Promise<void> {
  console.log(`\n## memory-only store, ${PODS} pods`);
  console.log(`before: ${memory()}`);
  const store = await openStore({});
  const rate = await load(store, PODS, 1);
  console.log(`create: ${rate.toFixed(0)} creates/s (JSON.stringify included)`);
  console.log(`after load: ${memory()}`);

  const keys = Array.from({ length: 1000 }, (_, i) => benchPodKey((i * 7919) % PODS));
  const getNs: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t = process.hrtime.bigint();
    for (let k = 0; k < 100; k++) for (const key of keys) store.get(key);
    getNs.push(Number(process.hrtime.bigint() - t) / 100_000);
  }
  console.log(`get one pod: median ${(median(getNs) / 1000).toFixed(3)} µs`);

  const full = Array.from({ length: 7 }, () => listAllPages(store, 500));
  console.log(`list all in pages of 500: median ${ms(median(full.map((r) => r.ms)))} for ${full[0].items} items (${Math.ceil(full[0].items / 500)} pages)`);
  const one = Array.from({ length: 7 }, () => listAllPages(store, 1_000_000));
  console.log(`list all in one page: median ${ms(median(one.map((r) => r.ms)))}`);
  const onNode = Array.from({ length: 5 }, () => listAllPages(store, 500, (json) => json.includes('"nodeName":"whale7"')));
  console.log(`list with a filter (pods on one node of 100, json.includes): median ${ms(median(onNode.map((r) => r.ms)))} for ${onNode[0].items} items`);

  // History: one update per pod (the scheduler's binding) keeps the old value until compaction.
  const t = performance.now();
  for (let i = 0; i < PODS; i++) await store.update(benchPodKey(i), benchPod(i, `whale${(i % 100) + 2}`));
  console.log(`update every pod once: ${((PODS / (performance.now() - t)) * 1000).toFixed(0)} updates/s; with history: ${memory()}`);
  store.compact(store.revision);
  console.log(`after compaction to the latest revision: ${memory()}`);
  await store.close();
}

/**
 * Write latency at a fixed arrival rate (open loop: a slow write does not delay the next
 * one). Blocks of store creates alternate with blocks of a bare write + fdatasync of the
 * same size to a file beside the WAL, so both see the same (shared, noisy) disk.
 */
async function benchLatency(dir: string, groupCommitMs: number, rate: number, seconds: number): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const zeroFilled = await openStore({ dir: path.join(dir, 'zero-filled'), groupCommitMs });
  const plain = await openStore({ dir: path.join(dir, 'plain'), groupCommitMs, walSegmentBytes: 0 });
  const rawFd = fs.openSync(path.join(dir, 'raw-probe'), 'a');
  const rawBytes = Buffer.from(JSON.stringify(benchPod(0)));
  const rawWrite = () => new Promise<void>((resolve, reject) => fs.write(rawFd, rawBytes, (e) => (e ? reject(e) : fs.fdatasync(rawFd, (e2) => (e2 ? reject(e2) : resolve())))));
  const kinds = {
    'store (zero-filled WAL, default)': { latencies: [] as number[], write: (i: number) => zeroFilled.create(benchPodKey(i), benchPod(i)) },
    'store (plain appends)': { latencies: [] as number[], write: (i: number) => plain.create(benchPodKey(i), benchPod(i)) },
    'bare write + fdatasync': { latencies: [] as number[], write: () => rawWrite() },
  };
  const block = 250;
  const interval = 1000 / rate;
  let n = 0;
  for (let b = 0; b < Math.ceil((rate * seconds) / block); b++) {
    for (const kind of Object.values(kinds)) {
      const started = performance.now();
      const inflight: Promise<void>[] = [];
      for (let k = 0; k < block; k++) {
        const wait = started + k * interval - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t = performance.now();
        inflight.push(kind.write(n++).then(() => void kind.latencies.push(performance.now() - t)));
      }
      await Promise.all(inflight);
    }
  }
  console.log(`${rate} writes/s, groupCommitMs ${groupCommitMs}, ${kinds['bare write + fdatasync'].latencies.length} writes each:`);
  for (const [name, kind] of Object.entries(kinds)) {
    const xs = kind.latencies;
    console.log(`  ${name}: p50 ${ms(median(xs))}, p99 ${ms(percentile(xs, 99))}, max ${ms(Math.max(...xs))}`);
  }
  fs.closeSync(rawFd);
  await zeroFilled.close();
  await plain.close();
}

async function benchDurable(dir: string): Promise<void> {
  console.log(`\n## durable store (fsync, group commit), ${PODS} pods`);
  fs.rmSync(dir, { recursive: true, force: true });
  const store = await openStore({ dir });
  for (const c of [64]) {
    const rate = await load(store, PODS, c);
    console.log(`bulk create with ${c} writes in flight: ${rate.toFixed(0)} creates/s`);
  }
  console.log(`after load: ${memory()}`);
  let t = performance.now();
  await store.snapshot();
  console.log(`snapshot of ${PODS} pods: ${ms(performance.now() - t)}, ${mb(fs.statSync(path.join(dir, 'snapshot.db')).size)} on disk`);
  // Writes at 500/s (open loop) without, then during, a snapshot.
  let n = PODS;
  const paced = async (until: () => boolean, count = Infinity): Promise<number[]> => {
    const latencies: number[] = [];
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    for (let k = 0; k < count && !until(); k++) {
      const wait = start + k * 2 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = performance.now();
      const i = n++;
      inflight.push(store.create(benchPodKey(i), benchPod(i)).then(() => void latencies.push(performance.now() - t)));
    }
    await Promise.all(inflight);
    return latencies;
  };
  const quiet = await paced(() => false, 2000);
  let done = false;
  t = performance.now();
  const snap = store.snapshot().then(() => (done = true));
  const during = await paced(() => done);
  await snap;
  const line = (xs: number[]) => `p50 ${ms(median(xs))}, p99 ${ms(percentile(xs, 99))}, max ${ms(Math.max(...xs))}`;
  console.log(`500 creates/s without a snapshot: ${line(quiet)}; during a ${ms(performance.now() - t)} snapshot (${during.length} creates): ${line(during)}`);
  // WAL after the snapshot, as a crash would leave it: 30,000 updates.
  for (let i = 0; i < Math.min(30_000, PODS); i++) await store.update(benchPodKey(i), benchPod(i, 'whale1'));
  const crashed = `${dir}-crashed`;
  fs.rmSync(crashed, { recursive: true, force: true });
  fs.cpSync(dir, crashed, { recursive: true });
  fs.rmSync(path.join(crashed, 'LOCK'));
  t = performance.now();
  await store.close();
  console.log(`close (flush + snapshot): ${ms(performance.now() - t)}`);

  for (const [what, d] of [
    ['restart from snapshot only', dir],
    [`restart from snapshot + ${Math.min(30_000, PODS)} WAL records (after a crash)`, crashed],
  ]) {
    const times: number[] = [];
    let last = '';
    for (let r = 0; r < 3; r++) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--restore', d], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      const result = JSON.parse(out.stdout) as { ms: number; rss: number; heap: number; objects: number };
      times.push(result.ms);
      last = `${result.objects} objects, rss ${mb(result.rss)}, heap ${mb(result.heap)}`;
    }
    console.log(`${what}: median ${ms(median(times))} (${times.map((x) => x.toFixed(0)).join(', ')} ms); ${last}`);
  }
  fs.rmSync(crashed, { recursive: true, force: true });
}

/** CPU time of the main thread in µs (Linux schedstat: robust to waiting for a core; threads of the pool are not in it). */
function mainThreadCpuUs(): number {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  } catch {
    return NaN;
  }
}

function heapBytes(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap bytes per key at rest, after GC: pods (create, binding, status: 3 versions, then
 * compacted) and kubelet Events (~1 KB), and what history holds before compaction.
 * History limits are lifted here so each figure is one kind of state; the last line is
 * the same writes under the default limits.
 */
async function benchKeys(dir: string): Promise<void> {
  const n = Math.min(PODS, 50_000);
  console.log(`\n## bytes per key at rest (durable store without fsync, ${n} pods and ${n} Events, heap after GC)`);
  const unbounded = { historyRevisions: 100_000_000, historyBytes: Number.MAX_SAFE_INTEGER } as Parameters<StoreModule['openStore']>[0];
  for (const settings of [unbounded, {}]) {
    fs.rmSync(dir, { recursive: true, force: true });
    // Durable as in the emulator: writing the WAL flattens each JSON string, which changes its size.
    const store = await openStore({ ...settings, dir, fsync: false, snapshotAfterBytes: Number.MAX_SAFE_INTEGER });
    const h0 = heapBytes();
    let podJson = 0;
    for (let i = 0; i < n; i++) podJson += (await store.create(benchPodKey(i), benchPod(i, ''))).json.length;
    const h1 = heapBytes();
    for (let i = 0; i < n; i++) await store.update(benchPodKey(i), benchPod(i));
    for (let i = 0; i < n; i++) {
      const p = benchPod(i);
      p.metadata.managedFields![1].time = '2026-01-01T00:00:06Z';
      await store.update(benchPodKey(i), p);
    }
    const h2 = heapBytes();
    let eventJson = 0;
    for (let i = 0; i < n; i++) eventJson += (await store.create(benchEventKey(i), benchEvent(i))).json.length;
    const h3 = heapBytes();
    for (let i = 0; i < n; i++) await store.delete(benchEventKey(i));
    const h4 = heapBytes();
    const per = (bytes: number) => `${(bytes / n).toFixed(0)} B`;
    if (settings === unbounded) {
      store.compact(store.revision);
      const h5 = heapBytes();
      console.log(`pod key, 1 version: ${per(h1 - h0)} per key (JSON ${per(podJson)}, rest ${per(h1 - h0 - podJson)})`);
      console.log(`pod key + 2 superseded versions in history: ${per(h2 - h0)} per key`);
      console.log(`Event key: ${per(h3 - h2)} per key (JSON ${per(eventJson)}, rest ${per(h3 - h2 - eventJson)})`);
      console.log(`deleted Event still in history: ${per(h4 - h2)} per key`);
      console.log(`after compact(latest): ${per(h5 - h0)} per pod key at rest (3 versions written, 1 kept; Events gone)`);
    } else {
      console.log(`the same writes with the default history limits: heap ${mb(h4 - h0)} above the empty store (${store.revision - store.compactedRevision} revisions of history kept)`);
    }
    await store.close();
  }
}

/**
 * Main-thread time per write, with the emulator's mix per pod: create, binding update,
 * 4 Event creates, status update, from 64 writers at once (objects built beforehand).
 * Main-thread time is the event loop's active time (performance.eventLoopUtilization).
 */
async function benchWrites(dir: string): Promise<void> {
  const podsPerRound = Math.min(PODS, 3000);
  const rounds = 7;
  console.log(`\n## CPU per write: ${rounds} rounds of ${podsPerRound} pods x 7 writes, 64 writers`);
  for (const durable of [false, true]) {
    fs.rmSync(dir, { recursive: true, force: true });
    const store = await openStore(durable ? { dir } : {});
    const busy: number[] = [];
    const cpu: number[] = [];
    const main: number[] = [];
    const rate: number[] = [];
    let base = 0;
    for (let r = 0; r < rounds; r++) {
      const work = Array.from({ length: podsPerRound }, (_, k) => {
        const i = base + k;
        const status = benchPod(i);
        status.metadata.managedFields![1].time = '2026-01-01T00:00:06Z';
        return { i, created: benchPod(i, ''), bound: benchPod(i), status, events: [0, 1, 2, 3].map((e) => benchEvent(i * 4 + e)) };
      });
      base += podsPerRound;
      gc();
      let next = 0;
      const elu0 = perfHooks.eventLoopUtilization();
      const cpu0 = process.cpuUsage();
      const main0 = mainThreadCpuUs();
      const t0 = performance.now();
      const lane = async () => {
        while (next < work.length) {
          const w = work[next++];
          const key = benchPodKey(w.i);
          await store.create(key, w.created);
          await store.update(key, w.bound);
          await Promise.all(w.events.map((e, k) => store.create(benchEventKey(w.i * 4 + k), e)));
          await store.update(key, w.status);
        }
      };
      await Promise.all(Array.from({ length: 64 }, lane));
      const wall = performance.now() - t0;
      const elu = perfHooks.eventLoopUtilization(elu0);
      const c = process.cpuUsage(cpu0);
      const writes = podsPerRound * 7;
      main.push((mainThreadCpuUs() - main0) / writes);
      busy.push((elu.active * 1000) / writes);
      cpu.push((c.user + c.system) / writes);
      rate.push((writes / wall) * 1000);
    }
    console.log(
      `${durable ? 'durable (WAL, fdatasync)' : 'memory-only'}: main thread CPU ${median(main).toFixed(1)} µs per write (${main.map((x) => x.toFixed(1)).join(' ')}), event loop busy ${median(busy).toFixed(1)} µs, process CPU ${median(cpu).toFixed(1)} µs per write, ${median(rate).toFixed(0)} writes/s (medians of ${rounds})`,
    );
    await store.close();
  }
}

/**
 * The durable path's own CPU: pod creates issued 500 per event-loop turn (objects and keys
 * built beforehand) into a memory-only store and into a durable one without fsync (the
 * disk then does not set the pace); process CPU per write, medians of 9 rounds.
 */
async function benchWal(dir: string): Promise<void> {
  const perRound = Math.min(PODS, 10_000);
  const rounds = 9;
  console.log(`\n## CPU per create, memory-only vs durable (fsync and snapshots off), ${rounds} rounds of ${perRound}`);
  const result: Record<string, number> = {};
  for (const durable of [false, true]) {
    fs.rmSync(dir, { recursive: true, force: true });
    const store = await openStore(durable ? { dir, fsync: false, snapshotAfterBytes: Number.MAX_SAFE_INTEGER } : {});
    const cpu: number[] = [];
    const main: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const keys = Array.from({ length: perRound }, (_, k) => benchPodKey(r * perRound + k));
      const pods = Array.from({ length: perRound }, (_, k) => benchPod(r * perRound + k));
      gc();
      const cpu0 = process.cpuUsage();
      const main0 = mainThreadCpuUs();
      const pending: Promise<unknown>[] = [];
      for (let k = 0; k < perRound; k++) {
        pending.push(store.create(keys[k], pods[k]));
        if (k % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(pending);
      main.push((mainThreadCpuUs() - main0) / perRound);
      const c = process.cpuUsage(cpu0);
      cpu.push((c.user + c.system) / perRound);
      if (r % 3 === 2) store.compact(store.revision);
    }
    const name = durable ? 'durable' : 'memory-only';
    result[name] = median(main);
    console.log(`${name}: main thread ${median(main).toFixed(2)} µs per create (rounds ${main.map((x) => x.toFixed(1)).join(' ')}), process ${median(cpu).toFixed(2)} µs`);
    await store.close();
  }
  console.log(`the durable path's share of the main thread: ${(result.durable - result['memory-only']).toFixed(2)} µs per create`);
}

/**
 * The watch hub's fan-out: 30 watchers on the prefixes an emulator's informers watch (pods
 * three times), events on pods, Events and Leases; main-thread time per published event.
 */
async function benchFanout(): Promise<void> {
  const { WatchHub } = (await import(path.join(SOURCE, 'src/emulator/store/watch-hub.ts'))) as typeof import('../src/emulator/store/watch-hub');
  const resources = ['core/pods', 'core/nodes', 'apps/deployments', 'apps/replicasets', 'core/services', 'core/endpoints', 'discovery.k8s.io/endpointslices', 'core/namespaces'];
  resources.push('coordination.k8s.io/leases', 'core/persistentvolumeclaims', 'core/persistentvolumes', 'storage.k8s.io/storageclasses', 'batch/jobs', 'apps/daemonsets', 'apps/statefulsets');
  resources.push('policy/poddisruptionbudgets', 'core/configmaps', 'core/secrets', 'core/serviceaccounts', 'core/events', 'events.k8s.io/events', 'core/resourcequotas', 'core/limitranges');
  resources.push('core/pods', 'core/pods', 'core/nodes', 'apiextensions.k8s.io/customresourcedefinitions', 'batch/cronjobs', 'autoscaling/horizontalpodautoscalers');
  const prefixes = [...resources.map((r) => `/registry/${r}/`), '/registry/rbac.authorization.k8s.io/'];
  const keys = ['/registry/core/pods/team-1/web-0-00001', '/registry/core/events/team-1/web-0-00001.18867252dcb1734f', '/registry/coordination.k8s.io/leases/kube-node-lease/whale1'];
  const n = 300_000;
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const hub = new WatchHub(() => undefined, () => undefined);
    let calls = 0;
    for (const prefix of prefixes) hub.watch(prefix, 0, () => void calls++);
    const events = Array.from({ length: n }, (_, i) => ({ type: 'ADDED' as const, revision: i + 1, value: { key: keys[i % 3], json: '{}', createRevision: i + 1, modRevision: i + 1 } }));
    const t0 = mainThreadCpuUs();
    for (const ev of events) hub.publish(ev);
    times.push(((mainThreadCpuUs() - t0) / n) * 1000);
    if (calls !== (n / 3) * 5) throw new Error(`fan-out delivered ${calls} callbacks, expected ${(n / 3) * 5}`);
  }
  console.log(`\n## watch fan-out, ${prefixes.length} watchers: median ${median(times).toFixed(0)} ns of main thread per published event (${times.map((x) => x.toFixed(0)).join(' ')})`);
}

async function restore(dir: string): Promise<void> {
  const t = performance.now();
  const store = await openStore({ dir });
  const elapsed = performance.now() - t;
  gc();
  const m = process.memoryUsage();
  const objects = store.list('/registry/', { limit: 1 }).more ? store.list('/registry/').items.length : 1;
  process.stdout.write(JSON.stringify({ ms: elapsed, rss: m.rss, heap: m.heapUsed, objects }));
  // Leave the directory as found: no close-time snapshot that would change the next run.
  process.exit(0);
}

/**
 * Compaction's main-thread time per compacted revision: 300,000 Event-like keys created, then
 * compacted in three steps of 100,000 (as auto-compaction does in steps); medians of 5.
 */
async function benchCompact(): Promise<void> {
  const { MvccState } = (await import(path.join(SOURCE, 'src/emulator/store/mvcc.ts'))) as typeof import('../src/emulator/store/mvcc');
  const n = 300_000;
  const per: number[] = [];
  for (let r = 0; r < 5; r++) {
    const state = new MvccState();
    for (let i = 0; i < n; i++) state.applyPut(`/registry/core/events/team-${i % 20}/${((i * 2654435761) >>> 0).toString(36)}.${i}`, `{"metadata":{"resourceVersion":"${state.revision + 1}"},"n":${i}}`);
    gc();
    const t0 = mainThreadCpuUs();
    for (let step = 1; step <= 3; step++) state.compact((step * n) / 3);
    per.push(((mainThreadCpuUs() - t0) * 1000) / n);
  }
  console.log(`\n## compaction: median ${median(per).toFixed(0)} ns of main thread per compacted revision (${per.map((x) => x.toFixed(0)).join(' ')})`);
}

/**
 * KeyIndex inserts as in the emulator: a pod key and 4 Event keys per pod (min(--pods, 160,000)
 * pods), records scattered among other data, in shuffled order, with a read of 64 random cache
 * lines of a 64 MB array between inserts (the rest of a request's work evicts the index from
 * the caches). Wall time of the inserts alone; medians of 3.
 */
async function benchIndex(): Promise<void> {
  const { KeyIndex } = (await import(path.join(SOURCE, 'src/emulator/store/key-index.ts'))) as typeof import('../src/emulator/store/key-index');
  const pods = Math.min(PODS, 160_000);
  const name = (i: number) => ((i * 2654435761) >>> 0).toString(36);
  const records: { key: string; pad: string }[] = [];
  for (let i = 0; i < pods; i++) {
    const pod = `web-${name(i >>> 5).slice(0, 4)}-${name(i).padStart(7, '0')}`;
    records.push({ key: `/registry/core/pods/bench/${pod}`, pad: 'x'.repeat(200 + (i % 7)) });
    for (let e = 0; e < 4; e++) records.push({ key: `/registry/core/events/bench/${pod}.${(1_700_000_000_000 + i * 4 + e).toString(16)}`, pad: 'y'.repeat(300 + (i % 5)) });
  }
  const order = Array.from(records.keys());
  for (let i = order.length - 1; i > 0; i--) {
    const j = (i * 48271) % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const lines = new Float64Array(8 << 20);
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < 3; r++) {
    const index = new KeyIndex<{ key: string }>();
    gc();
    let spent = 0n;
    for (let n = 0; n < order.length; n++) {
      for (let k = 0; k < 64; k++) sink += lines[(n * 7919 + k * 104729) & ((8 << 20) - 1)];
      const t = process.hrtime.bigint();
      index.insert(records[order[n]]);
      spent += process.hrtime.bigint() - t;
    }
    times.push(Number(spent) / order.length);
  }
  console.log(`\n## key index: median ${median(times).toFixed(0)} ns per insert into ${records.length} keys (${times.map((x) => x.toFixed(0)).join(' ')})${sink < 0 ? '' : ''}`);
}

async function section(name: string): Promise<void> {
  const dir = path.join(os.tmpdir(), `store-bench-${process.pid}`);
  try {
    if (name === 'memory') await benchMemory();
    if (name === 'latency') {
      console.log('\n## write latency, durable store, open-loop arrivals (alternating blocks of 250 writes, same disk)');
      await benchLatency(dir, 0, 500, 10);
      await benchLatency(dir, 1, 500, 5);
      await benchLatency(dir, 0, 2000, 5);
    }
    if (name === 'durable') await benchDurable(dir);
    if (name === 'keys') await benchKeys(dir);
    if (name === 'writes') await benchWrites(dir);
    if (name === 'wal') await benchWal(dir);
    if (name === 'fanout') await benchFanout();
    if (name === 'compact') await benchCompact();
    if (name === 'index') await benchIndex();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}-crashed`, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (args[0] === '--restore') return restore(args[1]);
  if (args[0] === '--section') return section(args[1]);
  console.log(`# store bench: ${os.cpus().length} cpus ${os.cpus()[0].model}, ${mb(os.totalmem())} RAM, Node ${process.version}, ${new Date().toISOString()}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // Each section in its own process: RSS figures are then not inflated by an earlier one.
  console.log(`store source: ${SOURCE}`);
  for (const name of ['memory', 'latency', 'durable', 'keys', 'writes', 'wal', 'fanout', 'compact', 'index'].filter((n) => only.has(n))) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--section', name, '--pods', String(PODS)], { stdio: 'inherit' });
    if (run.status !== 0) process.exitCode = 1;
  }
}

void main();
