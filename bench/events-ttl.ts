// Event churn against the API server with and without --event-ttl: how many Events stay
// live, what the heap holds, and what the TTL index and its sweeps cost in CPU.
//   node --import tsx bench/events-ttl.ts [rate=3000 events/s] [seconds=12] [ttl=3s|off]
//   node --import tsx bench/events-ttl.ts index [events=200000]   heap bytes of the TTL index per Event
//     (BENCH_SOURCE_DIR=<checkout> measures that checkout's EventTtl and store instead)
// In process: a durable store (WAL, fsync) in a temp dir, the API server, a loopback client
// creating Events as kubelets do. Prints per-second medians and the end state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { RealClock } from '../src/kube/clock';
import { EVENT_STORAGE_PREFIX, EventTtl, parseGoDuration } from '../src/emulator/apiserver/event-ttl';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { eventName } from '../src/emulator/controllers/events';
import { openStore } from '../src/emulator/store/index';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const RATE = Number(process.argv[2] ?? 3000);
const SECONDS = Number(process.argv[3] ?? 12);
const TTL = process.argv[4] ?? '3s';
const ttlMs = TTL === 'off' ? undefined : parseGoDuration(TTL);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const liveEvents = (store: { list(p: string): { items: unknown[] } }) => store.list(EVENT_STORAGE_PREFIX).items.length;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-events-ttl-'));
  const clock = new RealClock();
  const store = await openStore({ dir, clock, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  const ttl = ttlMs === undefined ? undefined : new EventTtl({ store, clock, ttlMs });
  ttl?.start();
  const client = new LoopbackClient(api, 'kubelet');
  const heapAtStart = heapMb();
  console.log(`events-ttl: ${RATE} events/s for ${SECONDS} s, --event-ttl ${TTL}; node ${process.version}`);

  let written = 0;
  const perSecondCpu: number[] = [];
  const started = Date.now();
  for (let s = 0; s < SECONDS; s++) {
    const cpu0 = cpuMs();
    const secondEnd = started + (s + 1) * 1000;
    // 10 slices a second; each writes its share with 32 in flight, then waits for the slice's end.
    for (let slice = 0; slice < 10; slice++) {
      const n = Math.round(RATE / 10);
      const inFlight: Promise<unknown>[] = [];
      for (let i = 0; i < n; i++) {
        const pod = `web-${written % 5000}`;
        const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
        inFlight.push(
          client.create({ ...R.events, namespace: 'default' }, {
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name: eventName(pod, clock.now()), namespace: 'default' },
            involvedObject: { kind: 'Pod', namespace: 'default', name: pod, uid: `uid-${pod}`, apiVersion: 'v1' },
            reason: 'Pulled',
            message: 'Container image "nginx:1.29" already present on machine',
            source: { component: 'kubelet', host: 'node-1' },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
            type: 'Normal',
          }),
        );
        written++;
        if (inFlight.length >= 32) await Promise.all(inFlight.splice(0));
      }
      await Promise.all(inFlight);
      const wait = started + s * 1000 + (slice + 1) * 100 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    perSecondCpu.push(cpuMs() - cpu0);
    if (Date.now() < secondEnd) await new Promise((r) => setTimeout(r, secondEnd - Date.now()));
    console.log(`  ${String(s + 1).padStart(3)} s  written ${String(written).padStart(7)}  live ${String(liveEvents(store)).padStart(7)}  cpu ${(perSecondCpu[s] / 10).toFixed(0)}%`);
  }
  const liveAtEnd = liveEvents(store);
  const heapAtEnd = heapMb();
  let drainCpu = NaN;
  let drained = NaN;
  if (ttlMs !== undefined) {
    const cpu0 = cpuMs();
    const deadline = Date.now() + ttlMs + 10_000;
    while ((ttl?.tracked ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    drainCpu = cpuMs() - cpu0;
    drained = liveAtEnd - liveEvents(store);
  }
  console.log(`result: ${written} Events written in ${SECONDS} s`);
  console.log(`  CPU while writing: median ${(median(perSecondCpu) / RATE).toFixed(3)} ms per Event (per-second median ${median(perSecondCpu).toFixed(0)} ms)`);
  console.log(`  live Events at the end of the churn: ${liveAtEnd}; heap ${heapAtEnd.toFixed(0)} MB (${(heapAtEnd - heapAtStart).toFixed(0)} MB above start)`);
  if (ttlMs !== undefined) console.log(`  after the TTL: ${liveEvents(store)} live; expiring the last ${drained} took ${drainCpu.toFixed(0)} ms CPU (${(drainCpu / Math.max(1, drained)).toFixed(3)} ms per Event)`);
  await ttl?.stop();
  api.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Heap bytes the TTL index holds per live Event: Events put straight into a memory-only store, with and without the index. */
async function indexBytes(count: number): Promise<void> {
  const source = resolve(process.env.BENCH_SOURCE_DIR ?? join(__dirname, '..'));
  const stores = (await import(join(source, 'src/emulator/store/index.ts'))) as typeof import('../src/emulator/store/index');
  const ttlModule = (await import(join(source, 'src/emulator/apiserver/event-ttl.ts'))) as typeof import('../src/emulator/apiserver/event-ttl');
  const clock = new RealClock();
  const heaps: number[] = [];
  for (const withTtl of [false, true]) {
    const store = await stores.openStore({ log: () => undefined });
    const ttl = withTtl ? new ttlModule.EventTtl({ store, clock }) : undefined;
    ttl?.start();
    const h0 = heapMb();
    for (let i = 0; i < count; i++) {
      const name = `web-${i}.${(1_767_225_604_000_000_000n + BigInt(i)).toString(16)}`;
      const event: { metadata: { name: string; namespace: string; resourceVersion?: string }; reason: string; count: number } = { metadata: { name, namespace: 'default' }, reason: 'Pulled', count: 1 };
      await store.create(`/registry/core/events/default/${name}`, event);
    }
    heaps.push(heapMb() - h0);
    await ttl?.stop();
    await store.close();
  }
  console.log(`events-ttl index (${source}): ${count} Events: heap ${heaps[0].toFixed(1)} MB without the TTL, ${heaps[1].toFixed(1)} MB with it: ${(((heaps[1] - heaps[0]) * 1024 * 1024) / count).toFixed(0)} bytes per Event`);
}

if (process.argv[2] === 'index') void indexBytes(Number(process.argv[3] ?? 200_000));
else void main();
