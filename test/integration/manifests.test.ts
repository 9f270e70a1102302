// Manifests against the bundled emulator, inside VS Code: apply a file and find its objects in
// the cluster, a bad document blocks the whole file with a diagnostic at its line, a dry run
// writes nothing, a conflict offers force, diff opens a diff editor (a Secret's values masked),
// the server's own refusals (an unknown field under Strict validation, an immutable field) land
// at their lines, a folder applies every manifest in it, a file that is not a manifest says so,
// the output channel gets a line per object, delete removes the objects, and every document gets
// its CodeLenses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ManifestCommands, type ManifestRunResult } from '../../src/vscode/manifests/manifest-commands';
import { DIFF_SCHEME, DiffDocumentProvider } from '../../src/vscode/manifests/diff-documents';
import { type ClusterAnatomyApi, activateExtension, emulatorConnected, waitFor } from './extension-under-test';

type Testing = ClusterAnatomyApi['testing'];

const NS = 'manifests-it';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: ${NS}
data:
  greeting: hello
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
`;

// Line 12 (0-based 11) holds the bad name: the whole file must be refused because of it.
const BAD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: good-config
  namespace: ${NS}
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
  namespace: ${NS}
`;

const DRY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: dry-only
  namespace: ${NS}
data:
  a: "1"
`;

const CONTESTED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: contested
  namespace: ${NS}
data:
  owner: cluster-anatomy
`;

// An unknown field (a typo of `protocol`) at line 12 (0-based 11): Strict field validation refuses it.
const TYPO = `apiVersion: v1
kind: Service
metadata:
  name: strict-svc
  namespace: ${NS}
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
      protocl: TCP
`;

// A Job's pod template is immutable: changing the image after creation is refused at \`template:\` (0-based line 6).
const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
  namespace: ${NS}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: once
          image: busybox:1.36
          command: ["true"]
`;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: ${NS}
stringData:
  password: first-password-value
  user: admin-user-value
`;

async function status(t: Testing, p: string): Promise<number> {
  return (await t.session.current!.connection.transport.get(p)).status;
}

async function object(t: Testing, p: string): Promise<any> {
  const res = await t.session.current!.connection.transport.get(p);
  assert.equal(res.status, 200, `GET ${p}: ${res.body}`);
  return JSON.parse(res.body);
}

function run(command: string, uri: vscode.Uri, options: Record<string, unknown> = {}): Thenable<ManifestRunResult | undefined> {
  return vscode.commands.executeCommand<ManifestRunResult | undefined>(command, uri, [uri], options);
}

describe('Manifests against the bundled emulator', function () {
  this.timeout(120_000);
  let t: Testing;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-manifests-'));
  const file = (name: string, text: string) => {
    const p = path.join(temp, name);
    fs.writeFileSync(p, text);
    return vscode.Uri.file(p);
  };

  before(async () => {
    const extension = await activateExtension();
    t = extension.exports.testing;
    await t.initialized;
    if (t.session.current?.selection.kind !== 'emulator') await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await emulatorConnected(t, 30_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(temp, { recursive: true, force: true });
  });

  it('applies a file: Namespace first, then its Deployment and ConfigMap exist in the cluster', async () => {
    const result = await run('clusterAnatomy.applyManifest', file('app.yaml', APP));
    assert.ok(result?.report?.complete, `apply finished: ${result?.message}`);
    assert.deepEqual(result.report.results.map((r) => `${r.entry.ref.kind} ${r.outcome}`).sort(), ['ConfigMap created', 'Deployment created', 'Namespace created']);
    assert.equal(result.report.results[0].entry.ref.kind, 'Namespace', 'the Namespace goes first');
    const deployment = await object(t, `/apis/apps/v1/namespaces/${NS}/deployments/web`);
    assert.equal(deployment.spec.replicas, 2);
    assert.ok(deployment.metadata.managedFields.some((m: { manager: string }) => m.manager === 'cluster-anatomy'), 'applied as field manager cluster-anatomy');
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/web-config`)).data.greeting, 'hello');

    const again = await run('clusterAnatomy.applyManifest', vscode.Uri.file(path.join(temp, 'app.yaml')));
    assert.deepEqual(again?.report?.results.map((r) => r.outcome), ['unchanged', 'unchanged', 'unchanged']);
  });

  it('refuses a whole file with one bad document and shows a diagnostic at its line, cleared when fixed', async () => {
    const uri = file('bad.yaml', BAD);
    const result = await run('clusterAnatomy.applyManifest', uri);
    assert.equal(result?.report, undefined, 'nothing was applied');
    assert.match(result?.message ?? '', /Nothing was applied/);
    assert.equal(await status(t, `/api/v1/namespaces/${NS}/configmaps/good-config`), 404, 'the good document was not applied either');
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cluster Anatomy');
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('; '));
    assert.equal(diagnostics[0].range.start.line, 11, 'at the line of metadata.name');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0].message, /Bad_Name/);

    fs.writeFileSync(uri.fsPath, BAD.replace('Bad_Name', 'fixed-name'));
    const fixed = await run('clusterAnatomy.applyManifest', uri);
    assert.ok(fixed?.report?.complete, fixed?.message);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0, 'the diagnostic is gone');
  });

  it('dry run validates with the server and writes nothing', async () => {
    const result = await run('clusterAnatomy.dryRunManifest', file('dry.yaml', DRY));
    assert.ok(result?.validation?.ok, result?.message);
    assert.ok(result.validation.checked[0].dryRun, 'the server answered the dry run');
    assert.equal(result.report, undefined);
    assert.equal(await status(t, `/api/v1/namespaces/${NS}/configmaps/dry-only`), 404);
  });

  it('reports a conflict with another field manager and applies with force', async () => {
    const uri = file('contested.yaml', CONTESTED);
    const api = t.manifests.service.connected()!.api;
    const ref = { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespace: NS, name: 'contested' };
    await api.apply(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'contested', namespace: NS }, data: { owner: 'someone-else' } }, { dryRun: false, force: false, fieldManager: 'someone-else', fieldValidation: 'Strict' });
    const blocked = await run('clusterAnatomy.applyManifest', uri);
    assert.equal(blocked?.validation?.conflicts.length, 1, blocked?.message);
    assert.match(blocked.message, /someone-else/);
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/contested`)).data.owner, 'someone-else');
    const forced = await run('clusterAnatomy.applyManifest', uri, { force: true });
    assert.ok(forced?.report?.complete, forced?.message);
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/contested`)).data.owner, 'cluster-anatomy');
  });

  it('diff opens a diff editor between the live object and the dry-run result', async () => {
    const uri = file('app-changed.yaml', APP.replace('replicas: 2', 'replicas: 5'));
    const result = await run('clusterAnatomy.diffManifest', uri);
    assert.ok(result?.diff, result?.message);
    await waitFor('a diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.scheme === DIFF_SCHEME;
    });
    const left = (await vscode.workspace.openTextDocument(result.diff.left)).getText();
    const right = (await vscode.workspace.openTextDocument(result.diff.right)).getText();
    assert.match(left, /replicas: 2/);
    assert.match(right, /replicas: 5/);
    assert.doesNotMatch(right, /managedFields|resourceVersion/, 'server noise is removed');
    assert.equal((await object(t, `/apis/apps/v1/namespaces/${NS}/deployments/web`)).spec.replicas, 2, 'diff wrote nothing');
  });

  it('shows Apply and Diff CodeLenses above every document', async () => {
    const uri = vscode.Uri.file(path.join(temp, 'app.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l && l.length >= 7 ? l : undefined;
    });
    const ours = lenses.filter((l) => l.command?.command.startsWith('clusterAnatomy.'));
    assert.deepEqual(ours.map((l) => `${l.range.start.line} ${l.command?.title}`), ['0 Apply', '0 Diff', '0 Trace scheduling', '19 Apply', '19 Diff', '27 Apply', '27 Diff']);
  });

  it('a JSON manifest gets the same Apply and Diff CodeLenses, and applies', async () => {
    const uri = file('config.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json', namespace: NS }, data: { format: 'json' } }, null, 2));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'json');
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('code lenses on the JSON file', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l?.some((x) => x.command?.command.startsWith('clusterAnatomy.')) ? l : undefined;
    });
    assert.deepEqual(lenses.filter((l) => l.command?.command.startsWith('clusterAnatomy.')).map((l) => `${l.range.start.line} ${l.command?.title}`), ['0 Apply', '0 Diff']);
    const result = await run('clusterAnatomy.applyManifest', uri);
    assert.ok(result?.report?.complete, result?.message);
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/from-json`)).data.format, 'json');
  });

  it('hovering kind: says who acts on the object and shows its live status', async () => {
    const uri = vscode.Uri.file(path.join(temp, 'app.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ReplicaSet/, 'the Deployment controller and what it makes');
    assert.match(text, /Live in the cluster/, 'the live status of web');
  });

  it('an unknown field is refused by the server (Strict field validation) with a diagnostic at its line', async () => {
    const uri = file('typo.yaml', TYPO);
    const result = await run('clusterAnatomy.applyManifest', uri);
    assert.equal(result?.report, undefined, 'nothing was applied');
    assert.match(result?.message ?? '', /Nothing was applied/);
    assert.equal(await status(t, `/api/v1/namespaces/${NS}/services/strict-svc`), 404);
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cluster Anatomy');
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('; '));
    assert.equal(diagnostics[0].range.start.line, 11, `at the line of protocl: ${diagnostics[0].message}`);
    assert.match(diagnostics[0].message, /unknown field.*protocl|protocl.*not declared/);
  });

  it('changing an immutable field (a Job\'s pod template) shows the server\'s message at that field and changes nothing', async () => {
    const uri = file('job.yaml', JOB);
    const created = await run('clusterAnatomy.applyManifest', uri);
    assert.ok(created?.report?.complete, created?.message);
    fs.writeFileSync(uri.fsPath, JOB.replace('busybox:1.36', 'busybox:1.37'));
    const refused = await run('clusterAnatomy.applyManifest', uri);
    assert.equal(refused?.report, undefined, refused?.message);
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cluster Anatomy');
    assert.ok(diagnostics.length >= 1, 'a diagnostic for the template');
    const template = diagnostics.find((d) => /spec\.template/.test(d.message));
    assert.ok(template, diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('; '));
    assert.equal(template.range.start.line, 6, 'at the line of template:');
    assert.match(template.message, /field is immutable/);
    const job = await object(t, `/apis/batch/v1/namespaces/${NS}/jobs/once`);
    assert.equal(job.spec.template.spec.containers[0].image, 'busybox:1.36', 'the live Job is unchanged');
  });

  it('diff of a Secret masks its values on both sides and still shows that one changed', async () => {
    const uri = file('secret.yaml', SECRET);
    assert.ok((await run('clusterAnatomy.applyManifest', uri))?.report?.complete);
    fs.writeFileSync(uri.fsPath, SECRET.replace('first-password-value', 'second-password-value'));
    const result = await run('clusterAnatomy.diffManifest', uri);
    assert.ok(result?.diff, result?.message);
    assert.match(result.message, /differs from the cluster/);
    const left = (await vscode.workspace.openTextDocument(result.diff.left)).getText();
    const right = (await vscode.workspace.openTextDocument(result.diff.right)).getText();
    for (const side of [left, right]) {
      for (const secretValue of ['first-password-value', 'second-password-value', 'admin-user-value']) {
        assert.ok(!side.includes(secretValue), `a secret value is on screen:\n${side}`);
        assert.ok(!side.includes(Buffer.from(secretValue).toString('base64')), `a base64 secret value is on screen:\n${side}`);
      }
    }
    assert.match(left, /password: "\*\*\* \(before\)"/);
    assert.match(right, /password: "\*\*\* \(after\)"/);
    assert.match(left, /user: "\*\*\*"/);
    assert.match(right, /user: "\*\*\*"/);
  });

  it('a YAML file that is not a manifest gets a clear message, and nothing is sent', async () => {
    const result = await run('clusterAnatomy.applyManifest', file('values.yaml', 'replicaCount: 2\nimage:\n  tag: "1.27"\n'));
    assert.equal(result?.validation, undefined, 'nothing was validated against the cluster');
    assert.match(result?.message ?? '', /^values\.yaml does not look like a Kubernetes manifest: every document needs top-level "apiVersion" and "kind"/);
  });

  describe('a folder from the explorer', () => {
    // A fresh namespace per run: what an earlier run left must not turn "created" into "unchanged".
    const ns = `manifests-folder-${Date.now().toString(36)}`;
    const folder = path.join(temp, 'folder');
    const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  value: "${value}"\n`;
    const write = (name: string, text: string) => fs.writeFileSync(path.join(folder, name), text);

    before(() => {
      fs.mkdirSync(folder, { recursive: true });
      write('a-first.yaml', configMap('first', '1'));
      write('b-namespace.yaml', `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`);
      write('c-second.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second', namespace: ns }, data: { value: '2' } }));
      // Other YAML in a folder (CI files, chart values) is not ours: skipped without a word.
      write('d-values.yaml', 'replicaCount: 2\n');
      write('README.md', '# not YAML at all\n');
    });

    after(async () => {
      await vscode.commands.executeCommand('clusterAnatomy.deleteManifest', vscode.Uri.file(folder), [vscode.Uri.file(folder)], { confirmed: true });
    });

    it('"Apply to Cluster" on a folder applies every manifest in it: the Namespace first, then the files in order', async () => {
      const uri = vscode.Uri.file(folder);
      const result = await run('clusterAnatomy.applyManifest', uri);
      assert.ok(result?.report?.complete, result?.message);
      assert.deepEqual(result.report.results.map((r) => `${r.entry.ref.kind}/${r.entry.ref.name} ${r.outcome}`), [`Namespace/${ns} created`, 'ConfigMap/first created', 'ConfigMap/second created']);
      assert.match(result.message, /^Applied 3 files: 3 created\.$/);
      assert.equal((await object(t, `/api/v1/namespaces/${ns}/configmaps/first`)).data.value, '1');
      assert.equal((await object(t, `/api/v1/namespaces/${ns}/configmaps/second`)).data.value, '2');
    });

    it('the output channel gets one line per object: created, configured, unchanged', async () => {
      write('a-first.yaml', configMap('first', 'changed'));
      write('e-third.yaml', configMap('third', '3'));
      // The same class the extension registers, with its service, writing to a recording log.
      const lines: string[] = [];
      const record = (level: string) => (message: string) => lines.push(`${level} ${message}`);
      const diffs = new DiffDocumentProvider();
      const commands = new ManifestCommands(t.manifests.service, t.manifests.diagnostics, diffs, { info: record('info'), warn: record('warn'), error: record('error'), show: () => undefined });
      try {
        const result = await commands.applyOrDryRun('apply', [vscode.Uri.file(folder)], {});
        assert.ok(result?.report?.complete, result?.message);
      } finally {
        diffs.dispose();
      }
      assert.deepEqual(lines.slice(1), [
        `info   namespace/${ns} unchanged`,
        'info   configmap/first configured',
        'info   configmap/second unchanged',
        'info   configmap/third created',
        'info Applied 4 files: 2 unchanged, 1 configured, 1 created.',
      ]);
      assert.match(lines[0], new RegExp(`^info Applying 4 files in context "[^"]+": 4 objects$`));
    });
  });

  it('deletes what a file defines, dependents first', async () => {
    const uri = vscode.Uri.file(path.join(temp, 'app.yaml'));
    const result = await run('clusterAnatomy.deleteManifest', uri, { confirmed: true });
    assert.ok(result?.deleteReport, result?.message);
    assert.equal(result.deleteReport.results.at(-1)?.entry.ref.kind, 'Namespace', 'the Namespace goes last');
    assert.ok(result.deleteReport.results.every((r) => r.outcome === 'deleted'), result.message);
    await waitFor('the ConfigMap to be gone', async () => (await status(t, `/api/v1/namespaces/${NS}/configmaps/web-config`)) === 404);
    await waitFor('the Deployment to be gone or going', async () => {
      const res = await t.session.current!.connection.transport.get(`/apis/apps/v1/namespaces/${NS}/deployments/web`);
      return res.status === 404 || !!JSON.parse(res.body).metadata?.deletionTimestamp;
    });
  });
});
