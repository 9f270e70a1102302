// `npm test`: every layer in order (lint, typecheck, build, unit, conformance, integration, e2e),
// a per-layer summary, and a last line `N passed, N failed[, N skipped]`.
// A layer whose tools are missing skips loudly, unless CLUSTER_ANATOMY_NO_SKIP=1 (CI), where it fails.
// Usage: node scripts/test-all.mjs [--layer <name>[,<name>...]]...
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumInstalled } from './lib/chromium.mjs';
import { findTestFiles } from './lib/find-tests.mjs';
import { chromiumPath, kubeClientsBin, repoRoot, serverMain, testResultsDir } from './lib/paths.mjs';
import { countTap } from './lib/tap-counts.mjs';

const noSkip = process.env.CLUSTER_ANATOMY_NO_SKIP === '1';
const reportsDir = join(testResultsDir, 'reports');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Missing tools of the VS Code layers, each with the command that installs it. */
function vscodeLayerTools() {
  const missing = [];
  if (!existsSync(serverMain)) missing.push('the test VS Code (code-server 4.100.3)');
  if (!chromiumInstalled()) missing.push(`Chromium (${chromiumPath})`);
  return missing.length ? `${missing.join(' and ')} missing: run \`npm run setup:vscode-test\`` : undefined;
}

function conformanceTools() {
  const missing = ['kubectl', 'helm'].filter((tool) => !existsSync(join(kubeClientsBin, tool)));
  return missing.length ? `${missing.join(' and ')} missing from ${kubeClientsBin}: run \`npm run setup:vscode-test\`` : undefined;
}

const layers = [
  { name: 'lint', run: () => single(npm, ['run', '--silent', 'lint']) },
  { name: 'typecheck', run: () => single(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']) },
  { name: 'build', run: () => single(process.execPath, ['esbuild.mjs']) },
  { name: 'unit', run: () => nodeTests('unit', findTestFiles('test/unit')) },
  { name: 'conformance', missingTools: conformanceTools, run: () => nodeTests('conformance', findTestFiles('test/conformance'), ['--test-concurrency=1']) },
  { name: 'integration', missingTools: vscodeLayerTools, run: integration },
  {
    name: 'e2e',
    missingTools: vscodeLayerTools,
    run: () => tapCounted('e2e', (tap) => [join('scripts', 'run-e2e.mjs'), '--no-build', '--', ...reporterArgs(tap)]),
  },
];

function spawnInherit(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
}

/** lint, typecheck and build count as one test each. */
async function single(command, args) {
  const code = await spawnInherit(command, args);
  return code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}

function reporterArgs(tapFile) {
  return ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`];
}

async function nodeTests(name, files, extraArgs = []) {
  if (files.length === 0) {
    console.log(`(no ${name} tests yet: the layer counts 0)`);
    return { passed: 0, failed: 0, skipped: 0 };
  }
  return tapCounted(name, (tap) => ['--import', 'tsx', '--test', ...extraArgs, ...reporterArgs(tap), ...files]);
}

/** Runs a node:test process whose tap report gives the counts. A crash that leaves no counts, or
 * a non-zero exit with no failing test, still counts as a failure: never a silent pass. */
async function tapCounted(name, argsFor) {
  const tap = join(reportsDir, `${name}.tap`);
  rmSync(tap, { force: true });
  const code = await spawnInherit(process.execPath, argsFor(tap));
  const counts = existsSync(tap) ? countTap(readFileSync(tap, 'utf8')) : undefined;
  if (!counts) {
    console.error(`${name}: no test report was written (exit code ${code}).`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (code !== 0 && counts.failed === 0) {
    console.error(`${name}: the runner exited with ${code} although no test failed; counting one failure.`);
    return { ...counts, failed: 1 };
  }
  return counts;
}

async function integration() {
  const resultsFile = join(testResultsDir, 'integration', 'results.json');
  rmSync(resultsFile, { force: true });
  const code = await spawnInherit(process.execPath, [join('scripts', 'run-integration.mjs'), '--no-build']);
  if (!existsSync(resultsFile)) return { passed: 0, failed: 1, skipped: 0 };
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const counts = { passed: results.passes, failed: results.failures, skipped: results.pending };
  if (code !== 0 && counts.failed === 0) return { ...counts, failed: 1 };
  const { activationMs, loadAndActivateMs } = results.notes ?? {};
  if (activationMs === undefined) return counts;
  return { ...counts, note: `activate() ${activationMs} ms, with loading ${loadAndActivateMs} ms` };
}

function selectedLayers() {
  const names = [];
  for (let i = 2; i < process.argv.length; i++) {
    if (process.argv[i] === '--layer' && process.argv[i + 1]) names.push(...process.argv[++i].split(','));
    else if (process.argv[i].startsWith('--layer=')) names.push(...process.argv[i].slice('--layer='.length).split(','));
  }
  if (names.length === 0) return layers;
  const unknown = names.filter((n) => !layers.some((l) => l.name === n));
  if (unknown.length) {
    console.error(`unknown layer(s): ${unknown.join(', ')}; known: ${layers.map((l) => l.name).join(', ')}`);
    process.exit(2);
  }
  return layers.filter((l) => names.includes(l.name));
}

async function main() {
  mkdirSync(reportsDir, { recursive: true });
  const rows = [];
  const started = Date.now();
  for (const layer of selectedLayers()) {
    console.log(`\n━━━ ${layer.name} ━━━`);
    const layerStart = Date.now();
    const missing = layer.missingTools?.();
    let counts;
    if (missing && noSkip) {
      console.error(`!!! ${layer.name} FAILS: ${missing} (CLUSTER_ANATOMY_NO_SKIP=1 forbids skipping)`);
      counts = { passed: 0, failed: 1, skipped: 0, note: 'tools missing' };
    } else if (missing) {
      console.warn(`!!! ${layer.name} SKIPPED: ${missing}`);
      counts = { passed: 0, failed: 0, skipped: 1, note: 'tools missing' };
    } else {
      counts = await layer.run();
    }
    rows.push({ name: layer.name, ...counts, seconds: (Date.now() - layerStart) / 1000 });
  }
  printSummary(rows, (Date.now() - started) / 1000);
}

function printSummary(rows, totalSeconds) {
  console.log('\n━━━ summary ━━━');
  console.log(`${'layer'.padEnd(12)} ${'result'.padEnd(7)} ${'passed'.padStart(6)} ${'failed'.padStart(6)} ${'skipped'.padStart(7)} ${'time'.padStart(8)}`);
  for (const r of rows) {
    const result = r.failed > 0 ? 'FAIL' : r.passed === 0 && r.skipped > 0 ? 'SKIP' : 'ok';
    console.log(`${r.name.padEnd(12)} ${result.padEnd(7)} ${String(r.passed).padStart(6)} ${String(r.failed).padStart(6)} ${String(r.skipped).padStart(7)} ${`${r.seconds.toFixed(1)} s`.padStart(8)}${r.note ? `  ${r.note}` : ''}`);
  }
  const total = (key) => rows.reduce((sum, r) => sum + r[key], 0);
  const [passed, failed, skipped] = [total('passed'), total('failed'), total('skipped')];
  console.log(`total time ${totalSeconds.toFixed(1)} s`);
  if (failed > 0) process.exitCode = 1;
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
