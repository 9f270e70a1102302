// `kubectl exec` against the emulator, as client-node's Exec runs it (WebSocket, v5.channel.k8s.io):
// the time from the request to the command's final Status, one exec at a time and many at once,
// and the emulator's CPU per exec. The emulator runs in this process with its control loops in a
// worker thread (as the CLI starts it); the client's CPU is counted apart.
// Run: node --import tsx bench/emulator-exec.ts [execs] [concurrent]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { startEmulator } from '../src/emulator/cluster';
import { RealClock } from '../src/kube/clock';

const EXECS = Number(process.argv[2] ?? 300);
const CONCURRENT = Number(process.argv[3] ?? 20);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    text: () => text,
  };
}

async function main(): Promise<void> {
  const k8s: typeof K8s = await import('@kubernetes/client-node');
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-exec-'));
  const emu = await startEmulator({ port: 0, stateDir, fresh: true, clock: new RealClock(), log: () => undefined, controlPlane: {}, controlLoopsThread: true });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(emu.kubeconfigPath);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } });
  for (let i = 0; ; i++) {
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'web' });
    if (pod.status?.containerStatuses?.[0]?.state?.running) break;
    if (i > 600) throw new Error('pod web did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const exec = new k8s.Exec(kc);
  const once = (command: string[]): Promise<{ ms: number; out: string; status: string }> =>
    new Promise((resolve, reject) => {
      const out = sink();
      const t0 = performance.now();
      exec.exec('default', 'web', 'web', command, out.stream, null, null, false, (status) => resolve({ ms: performance.now() - t0, out: out.text(), status: status.status ?? '' })).catch(reject);
    });
  // Warm-up (JIT, TLS session).
  for (let i = 0; i < 20; i++) await once(['hostname']);
  const command = ['sh', '-c', 'echo $HOSTNAME; cat /etc/resolv.conf'];
  const sequential: number[] = [];
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < EXECS; i++) {
    const r = await once(command);
    if (r.status !== 'Success' || !r.out.startsWith('web\n')) throw new Error(`unexpected exec result: ${JSON.stringify(r)}`);
    sequential.push(r.ms);
  }
  let cpu = process.cpuUsage(cpu0);
  const seqCpuMs = (cpu.user + cpu.system) / 1000 / EXECS;
  const concurrent: number[] = [];
  cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (next < EXECS) {
        next++;
        concurrent.push((await once(command)).ms);
      }
    }),
  );
  const wall = performance.now() - t0;
  cpu = process.cpuUsage(cpu0);
  console.log(`execs: ${EXECS} of \`${command.join(' ')}\` against a running nginx pod (client-node Exec, WebSocket)`);
  console.log(`  one at a time: p50 ${percentile(sequential, 50).toFixed(1)} ms, p90 ${percentile(sequential, 90).toFixed(1)} ms, p99 ${percentile(sequential, 99).toFixed(1)} ms; CPU (client and emulator's API thread) ${seqCpuMs.toFixed(2)} ms per exec`);
  console.log(`  ${CONCURRENT} at once: ${((EXECS / wall) * 1000).toFixed(0)} execs/s, p50 ${percentile(concurrent, 50).toFixed(1)} ms, p99 ${percentile(concurrent, 99).toFixed(1)} ms; CPU ${((cpu.user + cpu.system) / 1000 / EXECS).toFixed(2)} ms per exec`);
  await emu.stop();
  rmSync(stateDir, { recursive: true, force: true });
  process.exit(0);
}

void main();
