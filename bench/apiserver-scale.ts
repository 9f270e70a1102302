// 150,000 pods: memory of the emulator process, LIST in pages of 500, and restart time with
// that state. Run: npm run build && node --import tsx bench/apiserver-scale.ts [pods]
// BENCH_USER_AGENT=<ua> sends it on the creates: the API server then records a manager and each
// pod carries a managedFields entry, as pods created by kubectl or a controller do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, rssMiB, startEmulator, typicalPod } from './apiserver-support';

const PODS = Number(process.argv[2] ?? 150_000);
const CONCURRENCY = 64;
const CREATE_HEADERS = process.env.BENCH_USER_AGENT ? { 'user-agent': process.env.BENCH_USER_AGENT } : undefined;

/**
 * Pages through every pod. With `parse` the client JSON.parses each page (what kubectl pays);
 * without, it only reads the continue token from the list metadata, which the server writes
 * before the items, so the figure is the server's and the transport's share.
 */
async function listAll(c: ReturnType<typeof client>, parse: boolean): Promise<{ ms: number; items: number; pages: number }> {
  const t0 = performance.now();
  let items = 0;
  let pages = 0;
  let token = '';
  do {
    const res = await c.send('GET', `/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    if (res.status !== 200) throw new Error(`list page ${pages}: ${res.status} ${res.body.slice(0, 200)}`);
    pages++;
    if (parse) {
      const list = JSON.parse(res.body);
      items += list.items.length;
      token = list.metadata.continue ?? '';
    } else {
      const head = res.body.slice(0, 1000);
      token = /"continue":"([^"]+)"/.exec(head)?.[1] ?? '';
      items += 500;
    }
  } while (token);
  return { ms: performance.now() - t0, items, pages };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-apiserver-scale-'));
  let emu = await startEmulator(dir, true);
  let c = client(emu.kubeconfig, CONCURRENCY);
  try {
    const namespaces = 50;
    for (let n = 0; n < namespaces; n++) await c.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
    const t0 = performance.now();
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < PODS) {
        const i = next++;
        const res = await c.send('POST', `/api/v1/namespaces/ns-${i % namespaces}/pods`, typicalPod(`pod-${i}`, `ns-${i % namespaces}`), CREATE_HEADERS);
        if (res.status !== 201) failed++;
        if (i > 0 && i % 25000 === 0) console.log(`  created ${i} pods, RSS ${rssMiB(emu.child.pid!).toFixed(0)} MiB`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const createSec = (performance.now() - t0) / 1000;
    console.log(`created ${PODS} pods in ${createSec.toFixed(1)} s (${(PODS / createSec).toFixed(0)}/s, ${failed} failed; fsync on, ${CONCURRENCY} clients)`);
    console.log(`RSS with ${PODS} pods: ${rssMiB(emu.child.pid!).toFixed(0)} MiB`);
    for (const parse of [true, false]) {
      const lists: number[] = [];
      for (let r = 0; r < 3; r++) {
        const l = await listAll(c, parse);
        lists.push(l.ms);
        console.log(`LIST all pods in pages of 500 (${parse ? 'client parses pages' : 'token only'}): ${parse ? `${l.items} items, ` : ''}${l.pages} pages, ${(l.ms / 1000).toFixed(2)} s`);
      }
      console.log(`LIST median (${parse ? 'client parses pages' : 'token only'}): ${(lists.sort((a, b) => a - b)[1] / 1000).toFixed(2)} s; RSS ${rssMiB(emu.child.pid!).toFixed(0)} MiB`);
    }
    c.close();
    await emu.stop();
    emu = await startEmulator(dir, false);
    c = client(emu.kubeconfig, 4);
    console.log(`restart with ${PODS} pods: ready in ${(emu.readyMs / 1000).toFixed(2)} s (process start to ready line); RSS ${rssMiB(emu.child.pid!).toFixed(0)} MiB`);
    const check = await listAll(c, true);
    console.log(`after restart: ${check.items} pods listed in ${(check.ms / 1000).toFixed(2)} s`);
  } finally {
    c.close();
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
