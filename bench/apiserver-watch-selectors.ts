// Watches with field selectors, as kubelets (spec.nodeName) and `kubectl get pod x -w` /
// `kubectl wait` (metadata.name) hold them, while pods are created and patched through
// ApiServer.handle() (memory store, no TLS). 5 rounds; prints the median CPU per write. Then
// LISTs of all those pods by spec.nodeName, by status.phase and by a label (as `kubectl get
// pods -A --field-selector ...` and `-l` send them), median of 9.
// Run: node --import tsx bench/apiserver-watch-selectors.ts [nodeWatches=100] [nameWatches=20] [podsPerRound=2000]
import { apiRequest as req, inProcessApiServer } from './apiserver-in-process';
import { typicalPod } from './apiserver-support';

const NODE_WATCHES = Number(process.argv[2] ?? 100);
const NAME_WATCHES = Number(process.argv[3] ?? 20);
const PODS = Number(process.argv[4] ?? 2_000);
const ROUNDS = 5;

async function main(): Promise<void> {
  const { api, store } = await inProcessApiServer();
  const rv = (await api.handle(req('GET', '/api/v1/namespaces/default/pods'))).body;
  const start = JSON.parse(String(rv)).metadata.resourceVersion as string;
  let frames = 0;
  const watch = async (path: string) => {
    const res = await api.handle(req('GET', `${path}&resourceVersion=${start}`));
    if (!res.watch) throw new Error(`watch ${path}: ${res.status}`);
    res.watch.start(
      () => frames++,
      () => undefined,
    );
  };
  for (let n = 0; n < NODE_WATCHES; n++) await watch(`/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3Dnode-${n}`);
  for (let n = 0; n < NAME_WATCHES; n++) await watch(`/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dpod-0-${n}`);
  const perWrite: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < PODS; i++) {
      const pod = typicalPod(`pod-${round}-${i}`, 'default');
      (pod.spec as Record<string, unknown>).nodeName = `node-${i % Math.max(1, NODE_WATCHES)}`;
      const created = await api.handle(req('POST', '/api/v1/namespaces/default/pods', pod));
      if (created.status !== 201) throw new Error(`create: ${created.status} ${String(created.body).slice(0, 200)}`);
      const patched = await api.handle(req('PATCH', `/api/v1/namespaces/default/pods/pod-${round}-${i}`, { metadata: { labels: { round: String(round) } } }, { 'content-type': 'application/merge-patch+json' }));
      if (patched.status !== 200) throw new Error(`patch: ${patched.status} ${String(patched.body).slice(0, 200)}`);
    }
    const cpu = process.cpuUsage(cpu0);
    perWrite.push((cpu.user + cpu.system) / 1000 / (2 * PODS));
  }
  perWrite.sort((a, b) => a - b);
  console.log(
    `${NODE_WATCHES} spec.nodeName + ${NAME_WATCHES} metadata.name watches, ${ROUNDS} rounds of ${PODS} creates + ${PODS} patches: median ${perWrite[Math.floor(ROUNDS / 2)].toFixed(3)} ms CPU per write (min ${perWrite[0].toFixed(3)}, max ${perWrite[ROUNDS - 1].toFixed(3)}); ${frames} frames sent`,
  );
  for (const selector of ['fieldSelector=spec.nodeName%3Dnode-1', 'fieldSelector=status.phase!%3DRunning', 'labelSelector=round%3D3']) {
    const listMs: number[] = [];
    let items = 0;
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      const res = await api.handle(req('GET', `/api/v1/pods?${selector}`));
      listMs.push(performance.now() - t0);
      items = JSON.parse(String(res.body)).items.length;
    }
    listMs.sort((a, b) => a - b);
    console.log(`LIST ${ROUNDS * PODS} pods by ${decodeURIComponent(selector)}: median ${listMs[4].toFixed(1)} ms (min ${listMs[0].toFixed(1)}, max ${listMs[8].toFixed(1)}), ${items} items`);
  }
  api.stop();
  await store.close();
}

void main();
