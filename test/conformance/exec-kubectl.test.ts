// `kubectl exec` (kubectl 1.34 speaks WebSocket, v5.channel.k8s.io) and @kubernetes/client-node's
// Exec against the emulator's simulated containers: output, stdin, exit codes, and the errors
// kube-apiserver and the kubelet give for a missing pod or container, a command not in the
// image, and a container that is not running.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(KUBECTL);

describe('kubectl exec against simulated containers', { skip }, () => {
  let emu: EmulatorProcess;
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 60_000 });
  const x = (args: string[], input?: string) => run(KUBECTL, args, emu.kubeconfig, { timeoutMs: 30_000, input });

  before(async () => {
    emu = await startEmulatorProcess();
    await k('create', 'deployment', 'web', '--image=nginx', '--port=80');
    await k('expose', 'deployment', 'web', '--port=80');
    await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    await k('run', 'done', '--image=busybox', '--restart=Never', '--', 'true');
    await k('wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/done', '--timeout=60s');
  });
  after(async () => {
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  const webPod = async () => (await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).trim();

  it('runs a command and prints its output: the pod name as hostname, the cluster DNS in resolv.conf', async () => {
    const pod = await webPod();
    assert.equal(await k('exec', pod, '--', 'hostname'), `${pod}\n`);
    const resolv = await k('exec', pod, '--', 'cat', '/etc/resolv.conf');
    assert.match(resolv, /^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local$/m);
    assert.match(resolv, /^nameserver 10\.96\.0\.10$/m);
    const ip = (await k('get', 'pod', pod, '-o', 'jsonpath={.status.podIP}')).trim();
    assert.match(await k('exec', pod, '--', 'cat', '/etc/hosts'), new RegExp(`^${ip.replace(/\./g, '\\.')}\\s+${pod}$`, 'm'));
  });

  it('gives the container the environment the kubelet builds: service links of the namespace', async () => {
    const pod = await webPod();
    const clusterIP = (await k('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    const env = await k('exec', pod, '--', 'env');
    assert.match(env, /^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    assert.match(env, new RegExp(`^WEB_SERVICE_HOST=${clusterIP.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(env, new RegExp(`^HOSTNAME=${pod}$`, 'm'));
  });

  it('passes stdin through (-i) and ends the command when stdin ends', async () => {
    const pod = await webPod();
    const r = await x(['exec', '-i', pod, '--', 'cat'], 'line one\nline two\n');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'line one\nline two\n');
    const sh = await x(['exec', '-i', pod, '--', 'sh'], 'echo from stdin\nexit 4\n');
    assert.equal(sh.stdout, 'from stdin\n');
    assert.equal(sh.code, 4);
  });

  it('exits with the command exit code, as kubectl reports it', async () => {
    const pod = await webPod();
    const r = await x(['exec', pod, '--', 'sh', '-c', 'echo before; exit 3']);
    assert.equal(r.stdout, 'before\n');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /command terminated with exit code 3/);
  });

  it('a command not in the image fails as the runtime says; bad pods and containers fail as kube-apiserver says', async () => {
    const pod = await webPod();
    const notFound = await x(['exec', pod, '--', 'no-such-tool', '--flag']);
    assert.equal(notFound.code, 1);
    assert.match(notFound.stderr, /OCI runtime exec failed: exec failed: unable to start container process: exec: "no-such-tool": executable file not found in \$PATH: unknown/);
    const missingPod = await x(['exec', 'nope', '--', 'ls']);
    assert.equal(missingPod.code, 1);
    assert.match(missingPod.stderr, /pods "nope" not found/);
    const badContainer = await x(['exec', pod, '-c', 'sidecar', '--', 'ls']);
    assert.equal(badContainer.code, 1);
    assert.match(badContainer.stderr, new RegExp(`container sidecar is not valid for pod ${pod}`));
    const completed = await x(['exec', 'done', '--', 'ls']);
    assert.equal(completed.code, 1);
    assert.match(completed.stderr, /cannot exec into a container in a completed pod; current phase is Succeeded/);
  });

  it('a stopped kubelet refuses exec as an unreachable node does; started again, exec works', async () => {
    const pod = await webPod();
    const node = (await k('get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}')).trim();
    const hostIP = (await k('get', 'pod', pod, '-o', 'jsonpath={.status.hostIP}')).trim();
    const running = (on: boolean) => k('patch', 'ecomp', `kubelet-${node}`, '--type', 'merge', '-p', JSON.stringify({ spec: { running: on } }));
    await running(false);
    try {
      const down = await x(['exec', pod, '--', 'hostname']);
      assert.equal(down.code, 1);
      assert.match(down.stderr, new RegExp(`error dialing backend: dial tcp ${hostIP.replace(/\./g, '\\.')}:10250: connect: connection refused`));
    } finally {
      await running(true);
    }
    const deadline = Date.now() + 20_000;
    let up = await x(['exec', pod, '--', 'hostname']);
    while (up.code !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      up = await x(['exec', pod, '--', 'hostname']);
    }
    assert.equal(up.stdout, `${pod}\n`, up.stderr);
  });

  it('an exec dies with its container: deleting the pod ends it with exit code 137', async () => {
    await k('run', 'victim', '--image=busybox', '--', 'sleep', '3600');
    await k('wait', '--for=condition=Ready', 'pod/victim', '--timeout=60s');
    const session = x(['exec', 'victim', '--', 'sleep', '1000']);
    await new Promise((r) => setTimeout(r, 1000));
    await k('delete', 'pod', 'victim', '--grace-period=1', '--wait=false');
    const r = await session;
    assert.equal(r.code, 137, r.stderr);
    assert.match(r.stderr, /command terminated with exit code 137/);
  });

  it('answers a plain request to exec with 400 Upgrade request required', async () => {
    const pod = await webPod();
    const r = await x(['create', '--raw', `/api/v1/namespaces/default/pods/${pod}/exec?command=ls&stdout=true`, '-f', '-'], '{}');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Upgrade request required/);
  });

  it('@kubernetes/client-node Exec gets stdout, stderr and the final Status', async () => {
    const k8s: typeof K8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig);
    const pod = await webPod();
    const exec = new k8s.Exec(kc);
    const collect = () => {
      const s = new PassThrough();
      let text = '';
      s.on('data', (d: Buffer) => (text += d.toString()));
      return { s, text: () => text };
    };
    const runExec = (command: string[]) =>
      new Promise<{ out: string; err: string; status: K8s.V1Status }>((resolve, reject) => {
        const out = collect();
        const err = collect();
        exec.exec('default', pod, 'nginx', command, out.s, err.s, null, false, (status) => setImmediate(() => resolve({ out: out.text(), err: err.text(), status }))).catch(reject);
      });
    const good = await runExec(['printenv', 'HOSTNAME']);
    assert.equal(good.out, `${pod}\n`);
    assert.equal(good.status.status, 'Success');
    const bad = await runExec(['sh', '-c', 'cat /no/such/file; exit 7']);
    assert.match(bad.err, /No such file or directory/);
    assert.equal(bad.status.status, 'Failure');
    assert.equal(bad.status.reason, 'NonZeroExitCode');
    assert.deepEqual(bad.status.details?.causes, [{ reason: 'ExitCode', message: '7' }]);
  });
});
