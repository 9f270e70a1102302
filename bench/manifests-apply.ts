// Manifests: validation of a 1,000-document file in the editor (target <= 300 ms) and applying
// 1,000 objects to the emulator (target <= 10 s), with the dry-run gate, at a few concurrencies.
// Run: node --import tsx bench/manifests-apply.ts   (needs dist/emulator.js: npm run build)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyAll } from '../src/manifests/apply-all';
import { buildPlan, validateAll } from '../src/manifests/apply-plan';
import { ManifestDocumentCache } from '../src/manifests/document-cache';
import { parseManifests } from '../src/manifests/documents';
import { startEmulator } from './apiserver-support';
import { benchDiscovery, httpManifestApi, manifestFile } from './manifests-support';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const COUNT = 1000;

function localValidation(): void {
  const text = manifestFile(COUNT);
  const parse: number[] = [];
  const plan: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    const documents = parseManifests(text);
    const t1 = performance.now();
    const p = buildPlan([{ uri: 'bench.yaml', documents }], { discovery: benchDiscovery, defaultNamespace: 'default' });
    const t2 = performance.now();
    if (p.entries.length !== COUNT || p.problems.length) throw new Error('unexpected plan');
    parse.push(t1 - t0);
    plan.push(t2 - t1);
  }
  // In the editor: the cache holds the file, the user edits one document, everything is re-validated.
  const cache = new ManifestDocumentCache();
  cache.parse(text);
  const edit: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < 9; i++) {
    const edited = text.replace('name: app-500\n', `name: app-500\n  labels:\n    edit: "${i}"\n`);
    const t0 = performance.now();
    const documents = cache.parse(edited);
    buildPlan([{ uri: 'bench.yaml', documents }], { discovery: benchDiscovery, defaultNamespace: 'default' });
    const t1 = performance.now();
    buildPlan([{ uri: 'bench.yaml', documents: parseManifests(edited) }], { discovery: benchDiscovery, defaultNamespace: 'default' });
    const t2 = performance.now();
    if (cache.lastParsed !== 1) throw new Error(`cache re-parsed ${cache.lastParsed} documents`);
    edit.push(t1 - t0);
    whole.push(t2 - t1);
  }
  const total = parse.map((p, i) => p + plan[i]);
  console.log(`local validation of ${COUNT} documents (${(text.length / 1024).toFixed(0)} KiB), median of 9 (first run included):`);
  console.log(`  parse ${median(parse).toFixed(0)} ms + validate/order ${median(plan).toFixed(0)} ms = ${median(total).toFixed(0)} ms (first run ${total[0].toFixed(0)} ms)`);
  console.log(`  after a one-document edit: cached ${median(edit).toFixed(1)} ms vs whole re-parse ${median(whole).toFixed(0)} ms (ratio ${(median(whole) / median(edit)).toFixed(0)}x)`);
}

async function applyToEmulator(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-manifests-'));
  const emulator = await startEmulator(stateDir, true);
  try {
    for (const concurrency of [1, 8, 16]) {
      const ns = `bench-c${concurrency}`;
      const documents = parseManifests(manifestFile(COUNT, ns));
      const plan = buildPlan([{ uri: 'bench.yaml', documents }], { discovery: benchDiscovery, defaultNamespace: ns });
      const api = httpManifestApi(emulator.kubeconfig, concurrency);
      const t0 = performance.now();
      const validation = await validateAll(plan, api, { concurrency });
      const t1 = performance.now();
      if (!validation.ok) throw new Error(`validation failed: ${validation.incomplete ?? validation.problems[0]?.problem.message}`);
      const report = await applyAll(validation, api, { concurrency });
      const t2 = performance.now();
      const counts = new Map<string, number>();
      for (const r of report.results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
      // Re-apply the same file: every object should come back unchanged.
      const again = await applyAll(await validateAll(plan, api, { concurrency }), api, { concurrency });
      const t3 = performance.now();
      const unchanged = again.results.filter((r) => r.outcome === 'unchanged').length;
      api.close();
      console.log(
        `apply ${COUNT} objects, concurrency ${concurrency}: gate (get + dry-run) ${((t1 - t0) / 1000).toFixed(2)} s, apply ${((t2 - t1) / 1000).toFixed(2)} s, total ${((t2 - t0) / 1000).toFixed(2)} s; ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}; re-apply ${((t3 - t2) / 1000).toFixed(2)} s with ${unchanged} unchanged`,
      );
    }
  } finally {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

localValidation();
void applyToEmulator().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
