// Pod creation throughput of the Deployment + ReplicaSet controllers through the in-process
// API server (admission, validation, store, watch, informers), no scheduler or kubelet:
// D Deployments of R replicas each; time until the informer has seen every pod. Prints the
// median pods/s over several runs, and the heap after the largest run.
//   node --import tsx bench/controllers-replicaset.ts [deployments=10] [replicas=1000] [runs=3] [loops=rs|all]
// loops=all runs every controller of controllerManagerLoops (garbage collector, endpoints, ...).
import { RealClock } from '../src/kube/clock';
import { ApiServer } from '../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../src/emulator/apiserver/system-objects';
import { defaultModules } from '../src/emulator/cluster';
import { openStore } from '../src/emulator/store/index';
import { LoopbackClient } from '../src/emulator/client/loopback-client';
import { R } from '../src/emulator/client/paths';
import { SharedInformers } from '../src/emulator/client/shared-informers';
import type { ControlLoopContext } from '../src/emulator/control-loop';
import { DeploymentController } from '../src/emulator/controllers/deployment/deployment-controller';
import { ReplicaSetController } from '../src/emulator/controllers/replicaset/replicaset-controller';
import { controllerManagerLoops } from '../src/emulator/controllers/index';

const [dArg, rArg, runsArg, loopsArg] = process.argv.slice(2);
const allLoops = loopsArg === 'all';
const deployments = Number(dArg ?? 10);
const replicas = Number(rArg ?? 1000);
const runs = Number(runsArg ?? 3);

async function once(): Promise<{ podsPerSecond: number; heapMB: number }> {
  const clock = new RealClock();
  const store = await openStore({});
  const api = new ApiServer({ store, clock, modules: defaultModules(), hooks: { hasKubelet: () => false, namespaceControllerRunning: () => true, garbageCollectorRunning: () => true } });
  await bootstrapClusterObjects(api);
  const informers = new SharedInformers(new LoopbackClient(api, 'shared-informers'), { clock });
  const ctx: ControlLoopContext = { client: (c) => new LoopbackClient(api, c), informers, clock, log: () => undefined };
  const loops = allLoops ? controllerManagerLoops(ctx) : [new DeploymentController(ctx), new ReplicaSetController(ctx)];
  for (const l of loops) await l.start();
  const pods = informers.for(R.pods);
  await informers.start();
  const client = new LoopbackClient(api, 'bench');
  const total = deployments * replicas;
  const t0 = performance.now();
  for (let i = 0; i < deployments; i++) {
    const name = `app-${i}`;
    await client.create({ ...R.deployments, namespace: 'default' }, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
      },
    });
  }
  while (pods.size < total) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - t0) / 1000;
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  for (const l of loops) l.stop();
  informers.stop();
  api.stop();
  await store.close();
  return { podsPerSecond: total / seconds, heapMB };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function main(): Promise<void> {
  const results: { podsPerSecond: number; heapMB: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const res = await once();
    results.push(res);
    console.log(`run ${r + 1}: ${res.podsPerSecond.toFixed(0)} pods/s, heap ${res.heapMB.toFixed(0)} MB`);
  }
  console.log(`${allLoops ? 'all controllers' : 'deployment+replicaset controllers'}, ${deployments} x ${replicas} pods: median ${median(results.map((r) => r.podsPerSecond)).toFixed(0)} pods/s created and observed`);
}

void main();
