// kubectl 1.34 against the emulator's simulated nodes: node listing, a pod running on a
// kubelet with its events and logs, a Job-style pod completing, graceful deletion.
// Pods are placed with spec.nodeName so these tests need the kubelets, not the scheduler.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(KUBECTL);

describe('kubectl 1.34 against the simulated nodes', { skip }, () => {
  let emu: EmulatorProcess;
  let wired = false;
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 60_000 });
  const onNode = (node: string) => `--overrides={"apiVersion":"v1","spec":{"nodeName":"${node}"}}`;

  before(async () => {
    emu = await startEmulatorProcess();
    // The kubelets register right after start; before cluster.ts wires them there are no nodes.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !wired) {
      wired = /whale2/.test((await run(KUBECTL, ['get', 'nodes', '-o', 'name'], emu.kubeconfig)).stdout);
      if (!wired) await new Promise((r) => setTimeout(r, 200));
    }
    if (!wired) console.error('!!! nodes conformance: the emulator registered no nodes (simulated nodes not wired into cluster.ts); tests skip');
  });
  after(async () => {
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  it('lists the nodes Ready with kubelet, runtime and OS versions', async (t) => {
    if (!wired) return t.skip('simulated nodes not wired');
    const out = await k('get', 'nodes', '-o', 'wide');
    assert.match(out, /^whale2\s+Ready\s+<none>\s+\S+\s+v1\.34\.\d+\s+172\.18\.\d+\.\d+\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+\S+\s+containerd:\/\/1\.7\.\d+$/m);
    const leases = await k('get', 'leases', '-n', 'kube-node-lease', '-o', 'name');
    assert.match(leases, /lease\.coordination\.k8s\.io\/whale2/);
  });

  it('runs a pod to Ready with Pulling/Pulled/Created/Started events and nginx logs', async (t) => {
    if (!wired) return t.skip('simulated nodes not wired');
    await k('run', 'web', '--image=nginx', onNode('whale2'));
    await k('wait', '--for=condition=Ready', 'pod/web', '--timeout=30s');
    const wide = await k('get', 'pod', 'web', '-o', 'wide');
    assert.match(wide, /^web\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+whale2\s/m);
    const events = await k('events', '--for', 'pod/web');
    for (const reason of ['Pulling', 'Pulled', 'Created', 'Started']) assert.match(events, new RegExp(`\\s${reason}\\s`));
    assert.match(events, /Successfully pulled image "nginx" in/);
    const logs = await k('logs', 'web');
    assert.match(logs, /Configuration complete; ready for start up|web/);
  });

  it('a Job-style pod (restartPolicy Never, sleep 2) completes', async (t) => {
    if (!wired) return t.skip('simulated nodes not wired');
    await k('run', 'sleeper', '--image=busybox', '--restart=Never', onNode('whale3'), '--', 'sleep', '2');
    await k('wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/sleeper', '--timeout=30s');
    const out = await k('get', 'pod', 'sleeper');
    assert.match(out, /^sleeper\s+0\/1\s+Completed\s+0\s/m);
  });

  it('kubectl delete waits for the kubelet to stop the containers, then the pod is gone', async (t) => {
    if (!wired) return t.skip('simulated nodes not wired');
    const started = Date.now();
    await k('delete', 'pod', 'web', '--timeout=40s');
    assert.ok(Date.now() - started < 30_000, 'well within the 30 s grace period');
    const r = await run(KUBECTL, ['get', 'pod', 'web'], emu.kubeconfig);
    assert.match(r.stderr, /NotFound/);
  });
});
