// The editor's path for "Apply to Cluster" on 1,000 objects: client-node's KubeConfig (the
// emulator's kubeconfig), discovery from /api and /apis, the dry-run gate and the apply, all
// through ClientNodeManifestApi (target <= 10 s), median of 3 runs.
// Run: node --import tsx bench/manifests-client-node.ts   (needs dist/emulator.js: npm run build)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfigs } from '../src/cluster/kubeconfig';
import { createManifestApi } from '../src/cluster/manifest-api';
import { applyAll } from '../src/manifests/apply-all';
import { buildPlan, validateAll } from '../src/manifests/apply-plan';
import { parseManifests } from '../src/manifests/documents';
import { startEmulator } from './apiserver-support';
import { manifestFile } from './manifests-support';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const COUNT = 1000;

async function main(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-manifests-cn-'));
  const emulator = await startEmulator(stateDir, true);
  try {
    const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: emulator.kubeconfig, extraFiles: [] });
    const context = kubeconfigs.currentContext ?? kubeconfigs.contextNames()[0];
    const discoverMs: number[] = [];
    const gateMs: number[] = [];
    const applyMs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const api = createManifestApi(kubeconfigs, context);
      const ns = `bench-cn${run}`;
      const t0 = performance.now();
      const discovery = await api.discover();
      const t1 = performance.now();
      const plan = buildPlan([{ uri: 'bench.yaml', documents: parseManifests(manifestFile(COUNT, ns)) }], { discovery, defaultNamespace: ns });
      const validation = await validateAll(plan, api);
      const t2 = performance.now();
      if (!validation.ok) throw new Error(`validation failed: ${validation.incomplete ?? validation.problems[0]?.problem.message}`);
      const report = await applyAll(validation, api);
      const t3 = performance.now();
      if (!report.complete) throw new Error(`apply stopped: ${report.stoppedBy}`);
      api.dispose();
      discoverMs.push(t1 - t0);
      gateMs.push(t2 - t1);
      applyMs.push(t3 - t2);
    }
    const total = discoverMs.map((d, i) => d + gateMs[i] + applyMs[i]);
    console.log(`client-node ManifestApi, ${COUNT} objects, concurrency 8, median of 3:`);
    console.log(`  discovery ${median(discoverMs).toFixed(0)} ms, gate (get + dry-run) ${(median(gateMs) / 1000).toFixed(2)} s, apply ${(median(applyMs) / 1000).toFixed(2)} s, total ${(median(total) / 1000).toFixed(2)} s`);
  } finally {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
