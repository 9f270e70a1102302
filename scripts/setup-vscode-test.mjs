// Installs the test VS Code (the bare server inside the npm package code-server) and the Debian
// packages the harness needs, without any download outside the npm registry and apt.
// Idempotent: a marker records what was installed, so a second run only checks and exits.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, chmodSync, symlinkSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  APT_PACKAGES, CODE_SERVER_VERSION, codeServerDir, debianKubectl, repoRoot, serverMain, setupMarker, vscodeServerDir, vscodeTestCache,
} from './lib/paths.mjs';

/** Bump when the steps below change, so existing caches are set up again. */
const SETUP_RECIPE = 2;
const started = Date.now();
const log = (line) => console.log(`[setup:vscode-test] ${line}`);

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  // No stdin: node-pty's post-install would otherwise ask (through npx) to download node-gyp.
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return result.status === 0;
}

function isInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Some images ship another package owning /usr/bin/kubectl (e.g. Google Cloud SDK's); then
 * Debian's kubernetes-client cannot be installed beside it and is unpacked into the cache. */
function kubectlOwnedElsewhere() {
  const r = spawnSync('dpkg-query', ['-S', '/usr/bin/kubectl'], { encoding: 'utf8' });
  return r.status === 0 && !r.stdout.startsWith('kubernetes-client:');
}

function aptPackagesToInstall() {
  return APT_PACKAGES.filter((name) => !(name === 'kubernetes-client' && kubectlOwnedElsewhere()));
}

function missingAptPackages() {
  return aptPackagesToInstall().filter((name) => !isInstalled(name));
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return true;
  if (process.getuid?.() !== 0) {
    console.error(
      `[setup:vscode-test] Missing Debian packages: ${missing.join(' ')}\n` +
      `  Install them as root:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
      '  then run `npm run setup:vscode-test` again.',
    );
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  return missingAptPackages().length === 0;
}

/** Debian's kubectl 1.20 (an old client for smoke tests), unpacked from its .deb when
 * /usr/bin/kubectl belongs to another package. */
function ensureDebianKubectl() {
  if (!kubectlOwnedElsewhere() || existsSync(debianKubectl)) return;
  if (spawnSync('apt-get', ['--version']).status !== 0) return;
  const dir = dirname(debianKubectl);
  mkdirSync(dir, { recursive: true });
  if (!run('apt-get', ['download', 'kubernetes-client'], { cwd: dir, allowFailure: true })) {
    log('could not download kubernetes-client; the kubectl 1.20 smoke test will not have its client');
    return;
  }
  const deb = readdirSync(dir).find((f) => f.startsWith('kubernetes-client_') && f.endsWith('.deb'));
  run('dpkg-deb', ['-x', join(dir, deb), join(dir, 'root')]);
  symlinkSync(join('root', 'usr', 'bin', 'kubectl'), debianKubectl);
  rmSync(join(dir, deb));
  log(`Debian's kubectl 1.20 unpacked to ${debianKubectl} (/usr/bin/kubectl belongs to another package)`);
}

function markerIsCurrent() {
  if (!existsSync(setupMarker) || !existsSync(serverMain)) return false;
  try {
    const marker = JSON.parse(readFileSync(setupMarker, 'utf8'));
    return marker.codeServer === CODE_SERVER_VERSION && marker.node === process.versions.modules && marker.recipe === SETUP_RECIPE;
  } catch {
    return false;
  }
}

function installCodeServer() {
  mkdirSync(vscodeTestCache, { recursive: true });
  const pkg = join(vscodeTestCache, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name: 'vscode-test-cache', private: true }, null, 2) + '\n');
  // --ignore-scripts: code-server's postinstall downloads ripgrep from the internet.
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: vscodeTestCache });
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeServerDir });
  // native-watchdog lets the extension host end itself when its parent dies.
  // node-pty's own post-install step then fails on a download after pty.node is built: harmless,
  // so the exit status is not trusted; the built files are checked instead.
  run('npm', ['rebuild', 'kerberos', 'node-pty', '@vscode/spdlog', 'native-watchdog'], { cwd: vscodeServerDir, allowFailure: true });
  for (const built of [
    'node_modules/kerberos/build/Release/kerberos.node',
    'node_modules/node-pty/build/Release/pty.node',
    'node_modules/@vscode/spdlog/build/Release/spdlog.node',
    'node_modules/native-watchdog/build/Release/watchdog.node',
  ]) {
    if (!existsSync(join(vscodeServerDir, built))) throw new Error(`native module was not built: ${built}`);
  }
  const rgDir = join(vscodeServerDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  const asar = join(vscodeServerDir, 'node_modules.asar');
  if (!isSymlink(asar)) symlinkSync('node_modules', asar);
}

function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function setupKubeClients() {
  const script = join(repoRoot, 'scripts', 'setup-kube-clients.mjs');
  if (existsSync(script)) run(process.execPath, [script], { cwd: repoRoot });
}

try {
  const aptOk = ensureAptPackages();
  if (markerIsCurrent()) {
    log(`code-server ${CODE_SERVER_VERSION} already set up in ${codeServerDir}`);
  } else {
    if (!aptOk) throw new Error('the Debian packages above are needed to build the test VS Code');
    installCodeServer();
    writeFileSync(setupMarker, JSON.stringify({
      codeServer: CODE_SERVER_VERSION, recipe: SETUP_RECIPE, node: process.versions.modules, nodeVersion: process.version, at: new Date().toISOString(),
    }, null, 2) + '\n');
  }
  ensureDebianKubectl();
  setupKubeClients();
  if (!aptOk) process.exitCode = 1;
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`[setup:vscode-test] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
