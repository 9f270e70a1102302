import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { kubeconfigFiles, loadKubeconfigs } from '../../../src/cluster/kubeconfig.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-kubeconfig-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldCJ9.c2VjcmV0LXRva2Vu';
const KEY_DATA = 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tc2VjcmV0a2V5';

const lab = write(
  'lab.yaml',
  `apiVersion: v1
kind: Config
current-context: whale
clusters:
- name: whale
  cluster:
    server: https://192.168.0.1:6443
    certificate-authority: pki/ca.crt
- name: shared
  cluster:
    server: https://lab.example:6443
users:
- name: whale-admin
  user:
    client-certificate-data: Y2VydA==
    client-key-data: ${KEY_DATA}
contexts:
- name: whale
  context: { cluster: whale, user: whale-admin, namespace: kube-system }
- name: shared
  context: { cluster: shared, user: whale-admin }
`,
);

const cloud = write(
  'cloud.yaml',
  `apiVersion: v1
kind: Config
current-context: eks-prod
clusters:
- name: shared
  cluster:
    server: https://SHOULD-NOT-WIN.example:6443
- name: eks-prod
  cluster:
    server: https://ABCD.gr7.eu-west-1.eks.amazonaws.com
users:
- name: eks-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /usr/local/bin/aws
      args: [eks, get-token, --cluster-name, prod]
- name: token-user
  user:
    token: ${TOKEN}
- name: basic-user
  user:
    username: admin
    password: hunter2
contexts:
- name: eks-prod
  context: { cluster: eks-prod, user: eks-user }
- name: shared
  context: { cluster: eks-prod, user: token-user }
- name: tokens
  context: { cluster: eks-prod, user: token-user }
- name: basic
  context: { cluster: eks-prod, user: basic-user }
- name: dangling
  context: { cluster: nowhere, user: token-user }
`,
);

const broken = write('broken.yaml', `apiVersion: v1\nclusters:\n- name: x\n  cluster:\n    server: https://x\nusers:\n- name: u\n  user:\n    token: ${TOKEN}-in-broken\n   bad indentation: [\n`);

test('KUBECONFIG with two files merges them, the first file winning each name and the current context', async () => {
  const set = await loadKubeconfigs({ kubeconfigEnv: [lab, cloud].join(path.delimiter) });
  assert.deepEqual(set.errors, []);
  assert.equal(set.currentContext, 'whale');
  assert.deepEqual(set.contextNames(), ['whale', 'shared', 'eks-prod', 'tokens', 'basic', 'dangling']);
  const shared = set.listContexts().find((c) => c.name === 'shared')!;
  assert.equal(shared.server, 'https://lab.example:6443', 'the context and the cluster come from the first file');
  assert.equal(shared.file, lab);
  const whale = set.listContexts().find((c) => c.name === 'whale')!;
  assert.deepEqual(
    { cluster: whale.cluster, user: whale.user, namespace: whale.namespace, server: whale.server, credential: whale.credential, current: whale.current },
    { cluster: 'whale', user: 'whale-admin', namespace: 'kube-system', server: 'https://192.168.0.1:6443', credential: 'client-certificate', current: true },
  );
  const eks = set.listContexts().find((c) => c.name === 'eks-prod')!;
  assert.deepEqual({ credential: eks.credential, execCommand: eks.execCommand }, { credential: 'exec', execCommand: 'aws' });
});

test('relative certificate paths are resolved against the file that names them', async () => {
  const set = await loadKubeconfigs({ kubeconfigEnv: lab });
  const kc = set.kubeConfigFor('whale');
  assert.equal(kc.getCurrentCluster()?.caFile, path.join(dir, 'pki', 'ca.crt'));
  assert.equal(kc.getCurrentContext(), 'whale');
  assert.equal(kc.getContexts().length, 1, 'a connection sees only its own context');
});

test('a broken file is reported with its path and line, and the other files stay usable', async () => {
  const set = await loadKubeconfigs({ kubeconfigEnv: [broken, lab].join(path.delimiter) });
  assert.equal(set.errors.length, 1);
  assert.equal(set.errors[0].file, broken);
  assert.match(set.errors[0].message, /^not valid YAML at line \d+, column \d+: /);
  assert.ok(!set.errors[0].message.includes(TOKEN), 'the error does not quote the file');
  assert.deepEqual(set.contextNames(), ['whale', 'shared']);
  assert.equal(set.currentContext, 'whale');
});

test('an entry missing a required field names the entry', async () => {
  const bad = write('no-server.yaml', 'clusters:\n- name: a\n  cluster: {}\ncontexts: []\nusers: []\n');
  const set = await loadKubeconfigs({ kubeconfigEnv: bad });
  assert.deepEqual(set.errors, [{ file: bad, message: 'clusters[0].cluster.server is missing' }]);
});

test('a context whose cluster is defined nowhere is listed with the problem and cannot connect', async () => {
  const set = await loadKubeconfigs({ kubeconfigEnv: cloud });
  const dangling = set.listContexts().find((c) => c.name === 'dangling')!;
  assert.equal(dangling.problem, 'cluster "nowhere" is not defined in any kubeconfig file');
  assert.throws(() => set.kubeConfigFor('dangling'), /context "dangling": cluster "nowhere" is not defined in .*cloud\.yaml/);
});

test('nothing listed for display carries a token, key or password', async () => {
  const set = await loadKubeconfigs({ kubeconfigEnv: [lab, cloud].join(path.delimiter) });
  const shown = JSON.stringify({ contexts: set.listContexts(), errors: set.errors, files: set.files });
  for (const secret of [TOKEN, KEY_DATA, 'hunter2', 'get-token']) assert.ok(!shown.includes(secret), `${secret} leaked`);
  assert.equal(set.listContexts().find((c) => c.name === 'basic')!.credential, 'basic');
});

test('without KUBECONFIG, ~/.kube/config is read; files named by the setting come after it', async () => {
  const home = path.join(dir, 'home');
  write('home/.kube/config', fs.readFileSync(cloud, 'utf-8'));
  const extra = write('extra.yaml', 'contexts:\n- name: extra\n  context: { cluster: eks-prod, user: token-user }\n- name: tokens\n  context: { cluster: nowhere, user: x }\n');
  assert.deepEqual(kubeconfigFiles({ kubeconfigEnv: '', homeDir: home, extraFiles: [extra] }), [path.join(home, '.kube', 'config'), extra]);
  const set = await loadKubeconfigs({ kubeconfigEnv: '', homeDir: home, extraFiles: [extra] });
  assert.ok(set.contextNames().includes('extra'));
  assert.equal(set.listContexts().find((c) => c.name === 'tokens')!.cluster, 'eks-prod', 'kubectl\'s files take precedence');
  assert.equal(set.currentContext, 'eks-prod');
});

test('files of KUBECONFIG that do not exist are skipped, as kubectl does', async () => {
  const set = await loadKubeconfigs({ kubeconfigEnv: [path.join(dir, 'missing.yaml'), lab].join(path.delimiter) });
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.files, [lab]);
});

test('a password inside a server URL is not shown', async () => {
  const file = write('userinfo.yaml', 'clusters:\n- name: c\n  cluster: { server: "https://admin:pa55word@10.0.0.1:6443" }\nusers: []\ncontexts:\n- name: c\n  context: { cluster: c, user: "" }\n');
  const set = await loadKubeconfigs({ kubeconfigEnv: file });
  assert.equal(set.listContexts()[0].server, 'https://10.0.0.1:6443');
});
