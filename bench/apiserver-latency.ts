// GET and CREATE latency at a fixed rate with 16 concurrent clients over TLS, and watch
// fan-out latency to 100 watchers. Run: npm run build && node --import tsx bench/apiserver-latency.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { client, openLoop, startEmulator, summary, typicalPod } from './apiserver-support';

const CLIENTS = 16;
const f = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-apiserver-'));
  const emu = await startEmulator(dir, true);
  const c = client(emu.kubeconfig, CLIENTS);
  try {
    await c.send('POST', '/api/v1/namespaces/default/pods', typicalPod('target'));
    // Warm up JIT and connections.
    await openLoop(500, 2000, CLIENTS, async () => void (await c.send('GET', '/api/v1/namespaces/default/pods/target')));

    const runs: ReturnType<typeof summary>[] = [];
    for (let r = 0; r < 3; r++) {
      const get = await openLoop(1000, 5000, CLIENTS, async () => {
        const res = await c.send('GET', '/api/v1/namespaces/default/pods/target');
        if (res.status !== 200) throw new Error(String(res.status));
      });
      const s = summary(get.latencies);
      runs.push(s);
      console.log(`GET pod @1000/s run ${r + 1}: n=${s.n} achieved=${get.achieved.toFixed(0)}/s errors=${get.errors} p50=${f(s.p50)} ms p99=${f(s.p99)} ms max=${f(s.max)} ms`);
    }
    console.log(`GET pod @1000/s median of runs: p99=${f(runs.map((x) => x.p99).sort((a, b) => a - b)[1])} ms`);

    const createRuns: ReturnType<typeof summary>[] = [];
    for (let r = 0; r < 3; r++) {
      const create = await openLoop(500, 5000, CLIENTS, async (i) => {
        const res = await c.send('POST', '/api/v1/namespaces/default/pods', typicalPod(`c${r}-${i}`));
        if (res.status !== 201) throw new Error(String(res.status));
      });
      const s = summary(create.latencies);
      createRuns.push(s);
      console.log(`CREATE pod @500/s (fsync on) run ${r + 1}: n=${s.n} achieved=${create.achieved.toFixed(0)}/s errors=${create.errors} p50=${f(s.p50)} ms p99=${f(s.p99)} ms max=${f(s.max)} ms`);
    }
    console.log(`CREATE pod @500/s median of runs: p99=${f(createRuns.map((x) => x.p99).sort((a, b) => a - b)[1])} ms`);

    await watchFanOut(emu.kubeconfig, c);
  } finally {
    c.close();
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function watchFanOut(kubeconfig: string, c: ReturnType<typeof client>): Promise<void> {
  const WATCHERS = 100;
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = config.users[0].user.token;
  const { hostname, port } = new URL(config.clusters[0].cluster.server);
  await c.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fanout' } });
  const rv = JSON.parse((await c.send('GET', '/api/v1/namespaces/fanout/configmaps')).body).metadata.resourceVersion;
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  const requests: ReturnType<typeof request>[] = [];
  let connected = 0;
  for (let w = 0; w < WATCHERS; w++) {
    const req = request({ hostname, port, ca, path: `/api/v1/namespaces/fanout/configmaps?watch=true&resourceVersion=${rv}`, headers: { authorization: `Bearer ${token}` } }, (res) => {
      connected++;
      let buf = '';
      res.on('data', (d) => {
        const now = performance.now();
        buf += String(d);
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const name = /"name":"(cm-\d+)"/.exec(line)?.[1];
          const t = name ? sentAt.get(name) : undefined;
          if (t !== undefined) delays.push(now - t);
        }
      });
    });
    req.on('error', () => undefined);
    req.end();
    requests.push(req);
  }
  while (connected < WATCHERS) await new Promise((r) => setTimeout(r, 10));
  const WRITES = 200;
  for (let i = 0; i < WRITES; i++) {
    sentAt.set(`cm-${i}`, performance.now());
    await c.send('POST', '/api/v1/namespaces/fanout/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } });
    await new Promise((r) => setTimeout(r, 20));
  }
  const deadline = Date.now() + 10000;
  while (delays.length < WRITES * WATCHERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  for (const r of requests) r.destroy();
  const s = summary(delays);
  console.log(`WATCH fan-out: ${WATCHERS} watchers x ${WRITES} writes (50/s): events=${s.n}/${WRITES * WATCHERS} write-to-event p50=${f(s.p50)} ms p99=${f(s.p99)} ms max=${f(s.max)} ms`);
}

void main();
