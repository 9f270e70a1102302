// `npm run test:electron`: the same in-host suite in desktop VS Code (Electron) through
// @vscode/test-electron. It never downloads VS Code: it uses VSCODE_EXECUTABLE or an installed one,
// and says so loudly (exit 0) when there is none, since it is not part of `npm test` here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildExtension, compileIntegrationSuite } from './lib/build.mjs';
import { repoRoot, sampleWorkspace, testResultsDir } from './lib/paths.mjs';
import { printIntegrationResults } from './lib/spec-report.mjs';

/** The Electron executable of an installed desktop VS Code, if any. */
function findDesktopVscode() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  const candidates = [];
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) {
    // `code` is a launcher script in <install>/bin/; the executable sits beside that folder.
    const install = dirname(dirname(realpathSync(which.stdout.trim())));
    candidates.push(join(install, 'code'), join(install, '..', '..', 'MacOS', 'Electron'), join(install, 'Code.exe'));
  }
  candidates.push(
    '/usr/share/code/code',
    '/snap/code/current/usr/share/code/code',
    '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
  );
  return candidates.find((path) => existsSync(path));
}

async function main() {
  const vscodeExecutablePath = findDesktopVscode();
  if (!vscodeExecutablePath) {
    console.warn('\n!!! test:electron SKIPPED: no desktop VS Code here (no VSCODE_EXECUTABLE, no `code` on PATH).');
    console.warn('!!! Set VSCODE_EXECUTABLE=/path/to/code (the Electron binary) to run the in-host suite in it;');
    console.warn('!!! `npm run test:integration` runs the same suite in the VS Code server instead.\n');
    return;
  }
  buildExtension();
  const suite = await compileIntegrationSuite();
  const outDir = join(testResultsDir, 'electron');
  mkdirSync(outDir, { recursive: true });
  const resultsFile = join(outDir, 'results.json');
  rmSync(resultsFile, { force: true });
  console.log(`test:electron: ${vscodeExecutablePath}`);
  let exitCode = 0;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(suite, 'index'),
      launchArgs: [sampleWorkspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
      extensionTestsEnv: { CLUSTER_ANATOMY_TEST_RESULTS: resultsFile },
    });
  } catch (error) {
    exitCode = 1;
    console.error(`test:electron: VS Code reported a failure: ${error instanceof Error ? error.message : error}`);
  }
  if (!existsSync(resultsFile)) throw new Error('VS Code ran but the in-host suite wrote no results: the extension host never ran it');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  printIntegrationResults(results);
  if (exitCode !== 0 || results.failures > 0 || results.passes === 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`\ntest:electron FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
