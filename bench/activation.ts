// Activation time of the extension inside a real VS Code extension host: runs the in-host suite
// (scripts/run-integration.mjs) N times and prints the medians of what it measured.
// Usage: node --import tsx bench/activation.ts [runs=5]   (needs `npm run setup:vscode-test`)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 5);
const resultsFile = join(repoRoot, 'test-results', 'integration', 'results.json');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'ignore' });
if (build.status !== 0) throw new Error('production build failed');
const activation: number[] = [];
const loadAndActivate: number[] = [];
const wall: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['scripts/run-integration.mjs', '--no-build'], { cwd: repoRoot, stdio: 'ignore' });
  wall.push(performance.now() - started);
  if (run.status !== 0) throw new Error(`run ${i + 1}: the in-host suite failed (see npm run test:integration)`);
  const notes = JSON.parse(readFileSync(resultsFile, 'utf8')).notes as Record<string, number>;
  activation.push(notes.activationMs);
  loadAndActivate.push(notes.loadAndActivateMs);
}
// Back to the development build the other tools expect.
spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'ignore' });
console.log(`runs: ${runs} (production bundle)`);
console.log(`activate() body, median: ${median(activation).toFixed(2)} ms   [${activation.join(', ')}]`);
console.log(`extension.activate() incl. loading dist/extension.js, median: ${median(loadAndActivate).toFixed(1)} ms   [${loadAndActivate.join(', ')}]`);
console.log(`whole in-host run (server start to results), median: ${(median(wall) / 1000).toFixed(1)} s`);
