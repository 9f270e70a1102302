// Runs the real clients (kubectl 1.34, helm 4, Debian's kubectl 1.20) against an emulator.
// Missing binaries make a test skip with a loud line naming the setup command.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './emulator-process';

export const KUBECTL = join(REPO_ROOT, '.cache', 'bin', 'kubectl');
export const HELM = join(REPO_ROOT, '.cache', 'bin', 'helm');
export const KUBECTL_1_20 = join(REPO_ROOT, '.cache', 'debian-kubectl', 'kubectl');

export const SETUP_HINT = 'run `node scripts/setup-kube-clients.mjs` to install kubectl, helm and kubectl 1.20';

export function missing(binary: string | undefined): string | false {
  if (binary && existsSync(binary)) return false;
  const line = `SKIPPED: ${binary ?? 'kubectl 1.20'} is missing; ${SETUP_HINT}`;
  process.stderr.write(`\n*** ${line} ***\n`);
  return line;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(binary: string, args: string[], kubeconfig: string, options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      binary,
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME ?? '/tmp', HELM_CACHE_HOME: join(kubeconfig, '..', 'helm-cache'), HELM_CONFIG_HOME: join(kubeconfig, '..', 'helm-config'), HELM_DATA_HOME: join(kubeconfig, '..', 'helm-data') }, timeout: options.timeoutMs ?? 30000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((error as unknown as { code: number }).code) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** Runs and fails with the client's own output when it exits non-zero. */
export async function ok(binary: string, args: string[], kubeconfig: string, options: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await run(binary, args, kubeconfig, options);
  if (r.code !== 0) throw new Error(`${binary.split('/').pop()} ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}
