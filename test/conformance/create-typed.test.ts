// kubectl 1.34's typed `create` and `run` commands send protobuf bodies; they must create real
// objects that the control loops then run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(KUBECTL);

describe('kubectl 1.34 typed create (protobuf bodies)', { skip }, () => {
  const emu = useEmulatorProcess();
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 90_000 });


  it('create deployment rolls out 3 Running pods on the workers only', async () => {
    await k('create', 'deployment', 'web', '--image=nginx', '--replicas=3');
    assert.match(await k('rollout', 'status', 'deployment/web', '--timeout=60s'), /deployment "web" successfully rolled out/);
    const pods = await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{"\\n"}{end}');
    const lines = pods.split('\n').filter(Boolean);
    assert.equal(lines.length, 3);
    for (const line of lines) assert.match(line, /^whale[23] Running$/);
  });

  it('kubectl logs of an nginx pod prints the kubelet\'s simulated nginx start lines', async () => {
    const log = await k('logs', 'deployment/web');
    assert.match(log, /^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty, will attempt to perform configuration$/m);
    assert.doesNotMatch(log, /no real process runs/);
  });

  it('create service clusterip, create job and run make the objects kubectl describes', async () => {
    await k('create', 'service', 'clusterip', 'web', '--tcp=80:8080');
    assert.equal(await k('get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].port}/{.spec.ports[0].targetPort}/{.spec.selector.app}'), '80/8080/web');
    await k('create', 'job', 'once', '--image=busybox', '--', 'sh', '-c', 'exit 0');
    assert.equal(await k('get', 'job', 'once', '-o', 'jsonpath={.spec.template.spec.containers[0].command}'), '["sh","-c","exit 0"]');
    await k('run', 'solo', '--image=nginx', '--labels=tier=one');
    assert.equal(await k('get', 'pod', 'solo', '-o', 'jsonpath={.metadata.labels.tier}/{.spec.containers[0].image}'), 'one/nginx');
    const deadline = Date.now() + 30_000;
    let phase = '';
    while (Date.now() < deadline && phase !== 'Running') {
      phase = (await run(KUBECTL, ['get', 'pod', 'solo', '-o', 'jsonpath={.status.phase}'], emu.kubeconfig)).stdout;
      if (phase !== 'Running') await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(phase, 'Running');
  });

  it('every other typed create kubectl offers is accepted and stored as sent', async () => {
    const creates: string[][] = [
      ['create', 'namespace', 'team'],
      ['create', 'configmap', 'cfg', '--from-literal=k=v'],
      ['create', 'secret', 'generic', 'pw', '--from-literal=pw=s3cret'],
      ['create', 'serviceaccount', 'robot'],
      ['create', 'priorityclass', 'high', '--value=1000', '--description=urgent'],
      ['create', 'role', 'reader', '--verb=get,list', '--resource=pods'],
      ['create', 'rolebinding', 'reader', '--role=reader', '--serviceaccount=default:robot'],
      ['create', 'clusterrole', 'viewer', '--verb=get', '--resource=nodes'],
      ['create', 'clusterrolebinding', 'viewer', '--clusterrole=viewer', '--user=ann'],
      ['create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=1'],
      ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
    ];
    for (const args of creates) await k(...args);
    assert.equal(await k('get', 'configmap', 'cfg', '-o', 'jsonpath={.data.k}'), 'v');
    assert.equal(await k('get', 'secret', 'pw', '-o', 'jsonpath={.data.pw}'), Buffer.from('s3cret').toString('base64'));
    assert.equal(await k('get', 'priorityclass', 'high', '-o', 'jsonpath={.value}/{.description}'), '1000/urgent');
    assert.equal(await k('get', 'role', 'reader', '-o', 'jsonpath={.rules[0].verbs}'), '["get","list"]');
    assert.equal(await k('get', 'rolebinding', 'reader', '-o', 'jsonpath={.roleRef.name}/{.subjects[0].kind}/{.subjects[0].name}'), 'reader/ServiceAccount/robot');
    assert.equal(await k('get', 'clusterrolebinding', 'viewer', '-o', 'jsonpath={.subjects[0].name}'), 'ann');
    assert.equal(await k('get', 'pdb', 'web', '-o', 'jsonpath={.spec.minAvailable}/{.spec.selector.matchLabels.app}'), '1/web');
    assert.equal(await k('get', 'cronjob', 'tick', '-o', 'jsonpath={.spec.schedule}/{.spec.jobTemplate.spec.template.spec.containers[0].command}'), '*/5 * * * */["date"]');
    assert.match(await k('get', 'namespace', 'team', '-o', 'jsonpath={.status.phase}'), /^Active$/);
  });

  it('serves StorageClasses and the kubernetes Service\'s endpoints to kubectl', async () => {
    const sc = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: standard}\nprovisioner: rancher.io/local-path\nvolumeBindingMode: WaitForFirstConsumer\n';
    await ok(KUBECTL, ['apply', '-f', '-'], emu.kubeconfig, { input: sc, timeoutMs: 30_000 });
    assert.match(await k('get', 'sc'), /^standard\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\S+$/m);
    assert.match(await k('get', 'endpoints', 'kubernetes', '-n', 'default'), /^kubernetes\s+172\.18\.0\.2:6443\s/m);
  });
});

