// kubectl 1.34 against a freshly started emulator process: the everyday commands a user
// runs, checked by what kubectl prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { useEmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const FIXTURES = join(__dirname, 'fixtures');
const skip = missing(KUBECTL);

describe('kubectl 1.34 against the emulator', { skip }, () => {
  const emu = useEmulatorProcess();
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig);
  const kIn = (input: string, ...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { input });


  it('lists the system namespaces and serves api-resources', async () => {
    const ns = await k('get', 'namespaces', '-o', 'name');
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(ns, new RegExp(`namespace/${n}\\b`));
    const resources = await k('api-resources');
    assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(resources, /^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false/m);
  });

  it('answers get --raw /readyz?verbose like kube-apiserver', async () => {
    const out = await k('get', '--raw=/readyz?verbose');
    assert.match(out, /^\[\+\]ping ok$/m);
    assert.match(out, /^\[\+\]etcd ok$/m);
    assert.match(out, /^\[\+\]etcd-readiness ok$/m);
    assert.match(out, /^\[\+\]poststarthook\/rbac\/bootstrap-roles ok$/m);
    assert.match(out, /^\[\+\]shutdown ok$/m);
    assert.match(out.trim(), /readyz check passed$/);
  });

  it('applies client-side, reports unchanged on re-apply, and diffs a change', async () => {
    const first = await k('apply', '-f', join(FIXTURES, 'web.yaml'));
    assert.match(first, /deployment\.apps\/web created/);
    assert.match(first, /service\/web created/);
    const again = await k('apply', '-f', join(FIXTURES, 'web.yaml'));
    assert.match(again, /deployment\.apps\/web unchanged/);
    const changed = (await k('get', 'deploy', 'web', '-o', 'yaml')).replace('replicas: 2', 'replicas: 3');
    const diff = await run(KUBECTL, ['diff', '-f', '-'], emu.kubeconfig, { input: changed });
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /^-\s+replicas: 2$/m);
    assert.match(diff.stdout, /^\+\s+replicas: 3$/m);
  });

  it('applies server-side with managedFields and a field manager', async () => {
    const out = await k('apply', '--server-side', '--field-manager=conformance', '-f', join(FIXTURES, 'web.yaml'));
    assert.match(out, /deployment\.apps\/web serverside-applied/);
    const managers = await k('get', 'cm', 'web-config', '-o', 'jsonpath={.metadata.managedFields[*].manager}', '--show-managed-fields');
    assert.match(managers, /conformance/);
  });

  it('patches with json, merge and strategic patches', async () => {
    const generation = Number(await k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}'));
    await k('patch', 'deploy', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":4}}');
    assert.equal(await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'), '4');
    await k('patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":5}]');
    assert.equal(await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'), '5');
    await k('patch', 'deploy', 'web', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}');
    assert.equal(await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}'), 'nginx:1.28');
    assert.equal(await k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}'), String(generation + 3));
  });

  it('labels, annotates and selects by label', async () => {
    await k('run', 'solo', '--image=busybox', '--restart=Never');
    await k('label', 'pod', 'solo', 'tier=backend');
    await k('annotate', 'pod', 'solo', 'owner=team-a');
    const shown = await k('get', 'pods', '-l', 'tier=backend', '-o', 'name');
    assert.equal(shown.trim(), 'pod/solo');
    assert.equal(await k('get', 'pod', 'solo', '-o', 'jsonpath={.metadata.annotations.owner}'), 'team-a');
    const none = await k('get', 'pods', '-l', 'tier=frontend', '-o', 'name');
    assert.equal(none.trim(), '');
  });

  it('prints default, wide, yaml and custom-columns sorted output', async () => {
    for (const [name, node] of [['pa', 'whale2'], ['pb', 'whale1']]) {
      await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] } }), 'create', '-f', '-');
    }
    const table = await k('get', 'pods');
    assert.match(table.split('\n')[0], /^NAME\s+/);
    assert.match(table, /^pa\s+/m);
    const wide = await k('get', 'pods', '-o', 'wide');
    assert.match(wide.split('\n')[0], /NAME/);
    const yaml = await k('get', 'pod', 'pa', '-o', 'yaml');
    assert.match(yaml, /^kind: Pod$/m);
    assert.match(yaml, /^ {2}nodeName: whale2$/m);
    assert.match(yaml, /^ {2}restartPolicy: Always$/m);
    const columns = await k('get', 'pod', 'pa', 'pb', '-o', 'custom-columns=POD:metadata.name,Node:spec.nodeName', '--sort-by', 'spec.nodeName');
    assert.deepEqual(columns.trim().split('\n').map((l) => l.split(/\s+/)), [['POD', 'Node'], ['pb', 'whale1'], ['pa', 'whale2']]);
  });

  it('describes a pod', async () => {
    const out = await k('describe', 'pod', 'pa');
    assert.match(out, /^Name:\s+pa$/m);
    assert.match(out, /^Namespace:\s+default$/m);
    assert.match(out, /^Node:\s+whale2/m);
  });

  it('watches with get -w for a bounded time', async () => {
    const watching = run(KUBECTL, ['get', 'configmaps', '-w', '--request-timeout=4s'], emu.kubeconfig, { timeoutMs: 15000 });
    const deadline = Date.now() + 10000;
    // Create the object only once the watch saw the initial list (web-config appears first).
    await new Promise((r) => setTimeout(r, 800));
    await k('create', 'configmap', 'watched', '--from-literal=a=b');
    const result = await watching;
    assert.ok(Date.now() < deadline + 5000);
    assert.match(result.stdout, /^web-config\s+/m);
    assert.match(result.stdout, /^watched\s+/m);
  });

  it('updates edit-style with replace and rejects a stale resourceVersion', async () => {
    const json = JSON.parse(await k('get', 'cm', 'web-config', '-o', 'json'));
    json.data.greeting = 'bonjour';
    await kIn(JSON.stringify(json), 'replace', '-f', '-');
    assert.equal(await k('get', 'cm', 'web-config', '-o', 'jsonpath={.data.greeting}'), 'bonjour');
    json.data.greeting = 'stale';
    const stale = await run(KUBECTL, ['replace', '-f', '-'], emu.kubeconfig, { input: JSON.stringify(json) });
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /the object has been modified; please apply your changes to the latest version and try again/);
  });

  it('creates a namespace, a configmap and a secret', async () => {
    await k('create', 'namespace', 'team-a');
    await k('-n', 'team-a', 'create', 'configmap', 'settings', '--from-literal=mode=fast');
    await k('-n', 'team-a', 'create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2');
    assert.equal(await k('-n', 'team-a', 'get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}'), 'fast');
    const b64 = await k('-n', 'team-a', 'get', 'secret', 'creds', '-o', 'jsonpath={.data.password}');
    assert.equal(Buffer.from(b64, 'base64').toString(), 'hunter2');
  });

  it('serves a CRD and its custom resources', async () => {
    const out = await k('apply', '-f', join(FIXTURES, 'widget-crd.yaml'));
    assert.match(out, /customresourcedefinition\.apiextensions\.k8s\.io\/widgets\.example\.com created/);
    await k('wait', '--for', 'condition=Established', '--timeout=10s', 'crd/widgets.example.com');
    assert.match(await k('apply', '-f', join(FIXTURES, 'widget.yaml')), /widget\.example\.com\/w1 created/);
    assert.match(await k('get', 'widgets'), /^NAME\s+SIZE\nw1\s+3\n/);
    assert.equal(await k('get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}'), '3');
    await k('patch', 'widget', 'w1', '--type', 'merge', '-p', '{"spec":{"size":7}}');
    assert.equal(await k('get', 'widgets.example.com', 'w1', '-o', 'jsonpath={.spec.size}'), '7');
    const established = await k('get', 'crd', 'widgets.example.com', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}');
    assert.equal(established, 'True');
  });

  it('explains pod.spec', async () => {
    const out = await k('explain', 'pod.spec');
    assert.match(out, /^KIND:\s+Pod$/m);
    assert.match(out, /^\s+containers\s+<\[\]Container> -required-$/m);
  });

  it('deletes with each cascade mode and removes a namespace with its contents', async () => {
    await k('delete', 'deploy', 'web', '--cascade=foreground');
    await k('delete', 'svc', 'web', '--cascade=orphan');
    await k('delete', 'cm', 'watched', '--cascade=background');
    const left = await k('get', 'deploy,svc,cm', '-o', 'name');
    assert.doesNotMatch(left, /deployment\.apps\/web|service\/web\b|configmap\/watched/);
    await k('delete', 'namespace', 'team-a');
    const gone = await run(KUBECTL, ['get', 'namespace', 'team-a'], emu.kubeconfig);
    assert.match(gone.stderr, /namespaces "team-a" not found/);
  });

  it('prints kube-apiserver-style errors', async () => {
    const notFound = await run(KUBECTL, ['get', 'pod', 'nope'], emu.kubeconfig);
    assert.match(notFound.stderr, /Error from server \(NotFound\): pods "nope" not found/);
    const invalid = await run(KUBECTL, ['create', 'configmap', 'Bad_Name'], emu.kubeconfig);
    assert.match(invalid.stderr, /is invalid/);
    const strict = await run(KUBECTL, ['apply', '-f', '-'], emu.kubeconfig, { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'strict' }, data: {}, bogus: 1 }) });
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /unknown field "bogus"/);
  });
});
