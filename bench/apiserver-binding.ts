// pods/binding through ApiServer.handle() (memory store, no TLS): the rate the scheduler can bind
// at. 5 rounds of N pods; prints the median bindings/s and the median per-binding latency.
// Run: node --import tsx bench/apiserver-binding.ts [podsPerRound]
import { apiRequest as req, inProcessApiServer } from './apiserver-in-process';
import { summary, typicalPod } from './apiserver-support';

const PODS = Number(process.argv[2] ?? 5_000);
const ROUNDS = 5;

async function main(): Promise<void> {
  const { api, store } = await inProcessApiServer();
  const rates: number[] = [];
  const latencies: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < PODS; i++) {
      const pod = typicalPod(`pod-${round}-${i}`, 'default');
      delete (pod.spec as Record<string, unknown>).nodeName;
      const res = await api.handle(req('POST', '/api/v1/namespaces/default/pods', pod));
      if (res.status !== 201) throw new Error(`create: ${res.status} ${String(res.body).slice(0, 200)}`);
    }
    const t0 = performance.now();
    for (let i = 0; i < PODS; i++) {
      const t = performance.now();
      const name = `pod-${round}-${i}`;
      const res = await api.handle(req('POST', `/api/v1/namespaces/default/pods/${name}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: `node-${i % 100}` } }));
      latencies.push(performance.now() - t);
      if (res.status !== 201) throw new Error(`bind: ${res.status} ${String(res.body).slice(0, 200)}`);
    }
    rates.push(PODS / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  const l = summary(latencies);
  console.log(`pods/binding via handle(): median ${Math.round(rates[Math.floor(ROUNDS / 2)])} bindings/s over ${ROUNDS} rounds of ${PODS}; latency p50=${l.p50.toFixed(3)} ms p99=${l.p99.toFixed(3)} ms`);
  api.stop();
  await store.close();
}

void main();
