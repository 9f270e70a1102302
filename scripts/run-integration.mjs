// Runs the in-host suite (test/integration) inside a real VS Code extension host: the VS Code
// server from code-server, opened in headless Chromium with extensionTestsPath in the payload.
// Fails loudly when the host never starts or never reports: no results is never a pass.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension, compileIntegrationSuite } from './lib/build.mjs';
import { launchChromium } from './lib/chromium.mjs';
import { repoRoot, sampleWorkspace, testResultsDir } from './lib/paths.mjs';
import { startVscodeServer } from './lib/vscode-server.mjs';
import { printIntegrationResults } from './lib/spec-report.mjs';

const timeoutMs = Number(process.env.CLUSTER_ANATOMY_INTEGRATION_TIMEOUT_MS ?? 180_000);
const outDir = join(testResultsDir, 'integration');
const resultsFile = join(outDir, 'results.json');

async function main() {
  if (!process.argv.includes('--no-build')) buildExtension();
  const suite = await compileIntegrationSuite();
  mkdirSync(outDir, { recursive: true });
  rmSync(resultsFile, { force: true });

  const server = await startVscodeServer({
    env: { CLUSTER_ANATOMY_TEST_RESULTS: resultsFile },
    logFile: join(outDir, 'vscode-server.log'),
  });
  const browser = await launchChromium();
  // The extension host's errors (e.g. run() throwing) reach the workbench's console.
  const consoleErrors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const url = server.workbenchUrl({ folder: sampleWorkspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: join(suite, 'index') });
    console.log(`Integration: VS Code ${server.origin} (extension host runs ${join(suite, 'index.js')})`);
    await page.goto(url);
    await waitForResults(server, consoleErrors);
  } finally {
    await browser.close();
    keepExtensionLog(server.userDataDir);
    await server.stop();
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  printIntegrationResults(results);
  if (results.passes + results.failures === 0) throw new Error('the in-host suite ran no test');
  if (results.failures > 0) {
    // A failure in CI is read from this output alone: the extension's own log says what it saw.
    if (existsSync(extensionLog)) {
      const lines = readFileSync(extensionLog, 'utf8').trimEnd().split('\n');
      console.log(`--- last ${Math.min(lines.length, 80)} lines of the extension's output channel (full log: ${extensionLog}) ---\n${lines.slice(-80).join('\n')}`);
    }
    process.exitCode = 1;
  }
}

const extensionLog = join(outDir, 'cluster-anatomy.log');

/** Copies the "Cluster Anatomy" output channel's log file out of the server's user data dir,
 * which server.stop() deletes. */
function keepExtensionLog(userDataDir) {
  rmSync(extensionLog, { force: true });
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return;
  for (const session of readdirSync(logsDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const host of readdirSync(join(logsDir, session.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const file = join(logsDir, session.name, host.name, 'cluster-anatomy.cluster-anatomy', 'Cluster Anatomy.log');
      if (existsSync(file)) copyFileSync(file, extensionLog);
    }
  }
}

async function waitForResults(server, consoleErrors) {
  const deadline = Date.now() + timeoutMs;
  let hostExitedAt;
  const details = () =>
    `--- last lines of the VS Code server (full log: ${join(outDir, 'vscode-server.log')}) ---\n${server.recentOutput()}` +
    (consoleErrors.length ? `\n--- errors in the workbench console ---\n${consoleErrors.slice(-10).join('\n')}` : '');
  while (!existsSync(resultsFile)) {
    if (server.hasExited()) throw new Error(`the VS Code server exited before the in-host suite reported.\n${details()}`);
    // The host exits right after run() settles; a short grace covers a results file still being written.
    if (server.extensionHostExited()) hostExitedAt ??= Date.now();
    if (hostExitedAt !== undefined && Date.now() - hostExitedAt > 3000) {
      throw new Error(`the extension host exited without writing results: the suite failed to load or run() threw.\n${details()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`no results from the VS Code extension host within ${timeoutMs / 1000} s: the host never started or the suite never finished.\n${details()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The file is written in one call; give the writer a moment to close it.
  await new Promise((resolve) => setTimeout(resolve, 100));
}

main().catch((error) => {
  console.error(`\nIntegration FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
