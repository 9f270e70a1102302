// `npm start`: build, then open the sample workspace with the extension in development mode:
// in desktop VS Code when `code` is on PATH, otherwise in the test VS Code served on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildExtension } from './lib/build.mjs';
import { repoRoot, sampleWorkspace } from './lib/paths.mjs';
import { freePort, portIsFree, startVscodeServer, vscodeServerInstalled } from './lib/vscode-server.mjs';

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Hook for the bundled emulator. Nothing to start here: when no kubeconfig defines a context
 * (KUBECONFIG, ~/.kube/config, clusterAnatomy.kubeconfigPaths), the extension starts
 * `dist/emulator.js` itself on activation (setting clusterAnatomy.emulator.autoStart, default
 * "whenNoKubeconfig"), with its state in the extension's global storage, and connects to it;
 * with a kubeconfig, it connects to its current-context and the emulator is one pick away
 * in the status bar's context picker. So the server needs no extra environment.
 */
async function startBundledEmulator() {
  return { env: {}, stop: () => {} };
}

async function choosePort() {
  if (process.env.PORT) return Number(process.env.PORT);
  return (await portIsFree(8080)) ? 8080 : freePort();
}

async function main() {
  buildExtension();
  if (onPath('code') && process.env.CLUSTER_ANATOMY_START_WEB !== '1') {
    console.log('Opening desktop VS Code with the extension in development mode...');
    const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, sampleWorkspace], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  if (!vscodeServerInstalled()) {
    console.log('No desktop VS Code (`code`) on PATH; installing the test VS Code first (npm run setup:vscode-test)...');
    const setup = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'setup-vscode-test.mjs')], { stdio: 'inherit' });
    if (setup.status !== 0) throw new Error('setup failed; see above');
  }
  const emulator = await startBundledEmulator();
  process.once('exit', () => emulator.stop());
  const server = await startVscodeServer({ port: await choosePort(), env: emulator.env });
  const url = server.workbenchUrl({ folder: sampleWorkspace, extensionDevelopmentPath: repoRoot });
  console.log('\nCluster Anatomy is running in VS Code (extension development mode):\n');
  console.log(`  ${url}\n`);
  console.log('Open that URL in a browser; Ctrl-C stops the server.');
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
