// Runs the e2e tests (test/e2e, node:test + Playwright): one VS Code server for the whole run,
// its workbench URL passed to the tests in CLUSTER_ANATOMY_E2E_URL. No extensionTestsPath: the
// tests drive the UI the way a person does.
// Usage: node scripts/run-e2e.mjs [--no-build] [-- <extra node --test flags, e.g. reporters>]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from './lib/build.mjs';
import { findTestFiles } from './lib/find-tests.mjs';
import { repoRoot, sampleWorkspace, testResultsDir } from './lib/paths.mjs';
import { startVscodeServer } from './lib/vscode-server.mjs';

const separator = process.argv.indexOf('--');
const ownArgs = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const testArgs = separator === -1 ? [] : process.argv.slice(separator + 1);

async function main() {
  if (!ownArgs.includes('--no-build')) buildExtension();
  const files = findTestFiles('test/e2e');
  if (files.length === 0) throw new Error('no e2e tests found under test/e2e');
  const outDir = join(testResultsDir, 'e2e');
  mkdirSync(outDir, { recursive: true });
  const server = await startVscodeServer({ logFile: join(outDir, 'vscode-server.log') });
  try {
    const url = server.workbenchUrl({ folder: sampleWorkspace, extensionDevelopmentPath: repoRoot });
    console.log(`E2E: VS Code ${server.origin} serving ${sampleWorkspace}`);
    // One file at a time: each opens its own Chromium, and two at once crowd a 2-core machine.
    const args = ['--import', 'tsx', '--test', '--test-concurrency=1', ...testArgs, ...files];
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, CLUSTER_ANATOMY_E2E_URL: url } });
      child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    });
    if (code !== 0) process.exitCode = code;
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(`\nE2E FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
