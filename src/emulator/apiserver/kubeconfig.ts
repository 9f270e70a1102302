// The kubeconfig the emulator writes (0600): CA embedded, a random bearer token, and the
// names cluster/context/user `cluster-anatomy-emulator`, namespace default.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export const KUBECONFIG_NAME = 'cluster-anatomy-emulator';

export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Reuses the token kept in the state dir so restarts keep existing kubeconfigs working. */
export function loadOrCreateToken(path: string, fresh: boolean): string {
  if (!fresh && existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 32) return token;
  }
  const token = newBearerToken();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_NAME, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: KUBECONFIG_NAME, user: { token } }],
    contexts: [{ name: KUBECONFIG_NAME, context: { cluster: KUBECONFIG_NAME, user: KUBECONFIG_NAME, namespace: 'default' } }],
    'current-context': KUBECONFIG_NAME,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, caPem: string, token: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, kubeconfigYaml(server, caPem, token), { mode: 0o600 });
  chmodSync(path, 0o600);
}
