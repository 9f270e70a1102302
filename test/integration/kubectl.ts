// kubectl, run as a user would in an integrated terminal: with the KUBECONFIG the extension set.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const kubectlBinary = path.join(__dirname, '..', '..', '..', '.cache', 'bin', 'kubectl');

export function kubectl(kubeconfig: string, ...args: string[]): string {
  if (!fs.existsSync(kubectlBinary)) throw new Error(`kubectl is not installed at ${kubectlBinary}: run node scripts/setup-kube-clients.mjs`);
  return execFileSync(kubectlBinary, args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: 'utf-8' }).trim();
}
