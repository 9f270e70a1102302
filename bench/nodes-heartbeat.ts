// Benchmark: CPU cost of 5,000 simulated kubelets heartbeating (Lease renewals every 10 s,
// node status every 5 min) through the in-process API server, as a share of one core.
// Run: node --import tsx bench/nodes-heartbeat.ts [nodes] [windows]
import { loadavg } from 'node:os';
import { RealClock } from '../src/kube/clock';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { SharedInformers } from '../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../src/emulator/control-loop';
import { createSimulatedNodes } from '../src/emulator/nodes/index';
import { openStore } from '../src/emulator/store/index';

const NODES = Number(process.argv[2] ?? 5000);
const WINDOWS = Number(process.argv[3] ?? 5);
const WINDOW_MS = 10_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const clock = new RealClock();
  const store = await openStore({ clock, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  let errors = 0;
  const ctx: ControlLoopContext = {
    client: (c) => new LoopbackClient(api, c),
    informers: new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock }),
    clock,
    log: () => void errors++,
  };
  const specs = Array.from({ length: NODES }, (_, i) => ({ name: `node-${String(i).padStart(5, '0')}` }));
  const t0 = performance.now();
  const nodes = createSimulatedNodes(ctx, specs);
  await nodes.start();
  await ctx.informers.start();
  console.log(`registered ${NODES} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await sleep(WINDOW_MS); // let registration events and first renewals settle
  const client = new LoopbackClient(api, 'bench');
  const renewTimes = async () => new Map((await client.list({ ...R.leases, namespace: 'kube-node-lease' })).items.map((l) => [l.metadata.name, l.spec.renewTime]));
  const shares: number[] = [];
  const rates: number[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    const before = await renewTimes();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await sleep(WINDOW_MS);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    const after = await renewTimes();
    let renewed = 0;
    for (const [name, t] of after) if (before.get(name) !== t) renewed++;
    const share = (cpu.user + cpu.system) / 1000 / wall;
    shares.push(share);
    rates.push(renewed);
    console.log(`window ${w + 1}: cpu ${(share * 100).toFixed(1)}% of one core, ${renewed}/${NODES} leases renewed`);
  }
  console.log(`median: ${(median(shares) * 100).toFixed(1)}% of one core; median leases renewed per 10 s: ${median(rates)}/${NODES}; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; log lines ${errors}; load avg ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  nodes.stop();
  ctx.informers.stop();
  api.stop();
  await store.close();
}

void main();
