// kubectl 1.34 against the emulator's kube-controller-manager (with its scheduler and
// kubelets): Deployment rollout, scale, undo and deletion; Jobs that complete and fail; a
// DaemonSet on every eligible node; drain through the eviction API; namespace lifecycle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(KUBECTL);

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: nginx, image: nginx}]}
`;

const jobs = `apiVersion: batch/v1
kind: Job
metadata: {name: ok}
spec:
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox, command: [sh, -c, "sleep 1"]}]}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: bad}
spec:
  backoffLimit: 0
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox, command: [sh, -c, "exit 1"]}]}}
`;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: fluentd}]}
`;

describe('kubectl 1.34 against the controller-manager', { skip }, () => {
  let emu: EmulatorProcess;
  let wired = false;
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 90_000 });
  const apply = (yaml: string) => ok(KUBECTL, ['apply', '-f', '-'], emu.kubeconfig, { input: yaml, timeoutMs: 30_000 });
  const podNodes = async (selector: string) => (await k('get', 'pods', '-l', selector, '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}')).split('\n').filter(Boolean).sort();

  before(async () => {
    emu = await startEmulatorProcess();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !wired) {
      wired = /kube-controller-manager/.test((await run(KUBECTL, ['get', 'leases', '-n', 'kube-system', '-o', 'name'], emu.kubeconfig)).stdout);
      if (!wired) await new Promise((r) => setTimeout(r, 200));
    }
    if (!wired) console.error('!!! controllers conformance: no kube-controller-manager lease (control loops not wired into the emulator); tests skip');
  });
  after(async () => {
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  it('rolls out a Deployment to 3 Running pods on the workers, scales it and undoes an update', async (t) => {
    if (!wired) return t.skip('controller-manager not wired');
    await apply(deployment('web', 3));
    assert.match(await k('rollout', 'status', 'deployment/web', '--timeout=60s'), /deployment "web" successfully rolled out/);
    const nodes = await podNodes('app=web');
    assert.equal(nodes.length, 3);
    assert.ok(nodes.every((n) => n === 'whale2' || n === 'whale3'), `pods only on workers: ${nodes.join(',')}`);
    assert.match(await k('get', 'pods', '-l', 'app=web'), /^(web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s[^\n]*\n?){3}$/m);

    await k('scale', 'deployment/web', '--replicas=5');
    await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.equal((await podNodes('app=web')).length, 5);

    await k('set', 'image', 'deployment/web', 'nginx=nginx:1.27');
    await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.match(await k('rollout', 'history', 'deployment/web'), /^1\s+<none>\n2\s+<none>/m);
    await k('rollout', 'undo', 'deployment/web');
    await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.match(await k('rollout', 'history', 'deployment/web'), /^2\s+<none>\n3\s+<none>/m);
    assert.equal(await k('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'), 'nginx');
    assert.match(await k('describe', 'deployment', 'web'), /ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-[a-z0-9]+ from 0 to 3/);
  });

  it('runs a Job to Complete and fails one with BackoffLimitExceeded', async (t) => {
    if (!wired) return t.skip('controller-manager not wired');
    await apply(jobs);
    await k('wait', '--for=condition=complete', 'job/ok', '--timeout=60s');
    await k('wait', '--for=condition=failed', 'job/bad', '--timeout=60s');
    assert.equal(await k('get', 'job', 'bad', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}'), 'BackoffLimitExceeded');
    assert.match(await k('get', 'jobs'), /^ok\s+Complete\s+1\/1\s/m);
  });

  it('runs a DaemonSet on every node it tolerates (the workers, not the tainted control plane)', async (t) => {
    if (!wired) return t.skip('controller-manager not wired');
    await apply(daemonSet);
    await k('rollout', 'status', 'daemonset/agent', '--timeout=60s');
    assert.deepEqual(await podNodes('app=agent'), ['whale2', 'whale3']);
  });

  it('drain evicts the pods of a node and they come back on another', async (t) => {
    if (!wired) return t.skip('controller-manager not wired');
    await k('drain', 'whale3', '--ignore-daemonsets', '--timeout=60s');
    await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.ok((await podNodes('app=web')).every((n) => n === 'whale2'), 'all web pods moved to whale2');
    await k('uncordon', 'whale3');
  });

  it('deleting a Deployment removes its ReplicaSets and pods', async (t) => {
    if (!wired) return t.skip('controller-manager not wired');
    await k('delete', 'deployment', 'web');
    const deadline = Date.now() + 30_000;
    let left = '';
    do {
      left = (await run(KUBECTL, ['get', 'rs,pods', '-l', 'app=web', '-o', 'name'], emu.kubeconfig)).stdout.trim();
      if (left) await new Promise((r) => setTimeout(r, 200));
    } while (left && Date.now() < deadline);
    assert.equal(left, '', 'no ReplicaSets or pods left');
  });

  it('a new namespace gets a default ServiceAccount and kube-root-ca.crt; deleting it removes its contents', async (t) => {
    if (!wired) return t.skip('controller-manager not wired');
    await k('create', 'namespace', 'team');
    const deadline = Date.now() + 10_000;
    let out = '';
    while (Date.now() < deadline && !(/serviceaccount\/default/.test(out) && /configmap\/kube-root-ca.crt/.test(out))) {
      out = (await run(KUBECTL, ['get', 'sa,cm', '-n', 'team', '-o', 'name'], emu.kubeconfig)).stdout;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(out, /serviceaccount\/default/);
    assert.match(out, /configmap\/kube-root-ca.crt/);
    await k('delete', 'namespace', 'team', '--timeout=30s');
    assert.doesNotMatch(await k('get', 'namespaces', '-o', 'name'), /namespace\/team/);
  });
});
