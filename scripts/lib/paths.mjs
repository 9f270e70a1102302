// Where the harness keeps things. Everything under .cache/ is git-ignored and rebuilt by
// `npm run setup:vscode-test`.
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vscodeTestCache = join(repoRoot, '.cache', 'vscode-test');
export const codeServerDir = join(vscodeTestCache, 'node_modules', 'code-server');
export const vscodeServerDir = join(codeServerDir, 'lib', 'vscode');
export const serverMain = join(vscodeServerDir, 'out', 'server-main.js');
/** Debian's kubectl 1.20: /usr/bin/kubectl when kubernetes-client is installed, else unpacked here. */
export const debianKubectl = join(repoRoot, '.cache', 'debian-kubectl', 'kubectl');
/** kubectl 1.34 and helm 4, put there by scripts/setup-kube-clients.mjs. */
export const kubeClientsBin = join(repoRoot, '.cache', 'bin');
export const setupMarker = join(vscodeTestCache, 'setup-done.json');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const sampleWorkspace = join(repoRoot, 'sample');
export const integrationOut = join(repoRoot, 'out', 'test', 'integration');
export const testResultsDir = join(repoRoot, 'test-results');

export const CODE_SERVER_VERSION = '4.100.3';
/** Debian packages the harness needs: kerberos headers to rebuild the server's native module,
 * ripgrep (VS Code's search, normally downloaded), Chromium, unzip for kube clients, kubectl 1.20. */
export const APT_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium', 'unzip', 'kubernetes-client'];
