// The API server core without TLS or a second process: ApiServer.handle() timings for GET,
// CREATE and paged LIST over 150,000 pods in a memory store. Separates the server's own cost
// from transport and from a loaded machine. Run: node --import tsx bench/apiserver-handler.ts [pods]
import { apiRequest, inProcessApiServer } from './apiserver-in-process';
import { summary, typicalPod } from './apiserver-support';

const PODS = Number(process.argv[2] ?? 150_000);

const req = (method: string, path: string, body?: unknown) => apiRequest(method, path, body, { 'user-agent': 'bench/1.0' });

async function main(): Promise<void> {
  const { api, store } = await inProcessApiServer();
  for (let n = 0; n < 50; n++) await api.handle(req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }));
  const createMs: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < PODS; i++) {
    const t = performance.now();
    const res = await api.handle(req('POST', `/api/v1/namespaces/ns-${i % 50}/pods`, typicalPod(`pod-${i}`, `ns-${i % 50}`)));
    createMs.push(performance.now() - t);
    if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${String(res.body).slice(0, 200)}`);
  }
  const c = summary(createMs);
  console.log(`CREATE pod via handle() (memory store): ${PODS} in ${((performance.now() - t0) / 1000).toFixed(1)} s, p50=${c.p50.toFixed(3)} ms p99=${c.p99.toFixed(3)} ms`);
  const getMs: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const t = performance.now();
    await api.handle(req('GET', `/api/v1/namespaces/ns-${i % 50}/pods/pod-${i}`));
    getMs.push(performance.now() - t);
  }
  const g = summary(getMs);
  console.log(`GET pod via handle(): p50=${g.p50.toFixed(3)} ms p99=${g.p99.toFixed(3)} ms`);
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    let token = '';
    let pages = 0;
    do {
      const res = await api.handle(req('GET', `/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`));
      // Large lists come back in chunks; the list metadata (with the token) is in the first.
      token = /"continue":"([^"]+)"/.exec((res.chunks?.[0] ?? String(res.body)).slice(0, 1000))?.[1] ?? '';
      pages++;
    } while (token);
    console.log(`LIST ${PODS} pods in pages of 500 via handle(): ${pages} pages in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
  console.log(`heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
  api.stop();
  await store.close();
}

void main();
