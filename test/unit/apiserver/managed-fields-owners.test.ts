// Who owns what after a write, as kube-apiserver records it: the field manager runs on the
// decoded, defaulted object before mutating admission (so the ServiceAccount, Priority and
// DefaultTolerationSeconds plugins' fields belong to nobody), and every list item a manager
// adds is owned itself (`.`), as structured-merge-diff's compare walker records it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer } from './support';

const entry = (obj: any, manager: string) => obj.metadata.managedFields.find((m: any) => m.manager === manager);

// What `kubectl run p1 --image=nginx` sends.
const kubectlRunPod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { run: name } },
  spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
  status: {},
});

test('a pod created as kubectl run creates it: the creator owns what it sent and the scheme defaults, not what admission added', async () => {
  const s = await testServer();
  try {
    const created = await s.call('POST', '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', kubectlRunPod('p1'));
    assert.equal(created.status, 201);
    const spec = created.json.spec;
    // Admission still ran: the token volume and mount, the account, priority, tolerations.
    assert.match(spec.volumes[0].name, /^kube-api-access-/);
    assert.equal(spec.containers[0].volumeMounts[0].name, spec.volumes[0].name);
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.priority, 0);
    assert.equal(spec.tolerations.length, 2);
    const fields = entry(created.json, 'kubectl-run').fieldsV1;
    // The entry a real cluster records for the same request: no `.` on containers (a required
    // list: the zero Pod's `containers: null` is on the left of kube-apiserver's comparison).
    assert.deepEqual(fields, {
      'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:imagePullPolicy': {},
            'f:name': {},
            'f:resources': {},
            'f:terminationMessagePath': {},
            'f:terminationMessagePolicy': {},
          },
        },
        'f:dnsPolicy': {},
        'f:enableServiceLinks': {},
        'f:restartPolicy': {},
        'f:schedulerName': {},
        'f:securityContext': {},
        'f:terminationGracePeriodSeconds': {},
      },
    });
  } finally {
    await s.close();
  }
});

test('pods one manager creates in one second get the same managedFields entry, whatever their token volume is called', async () => {
  const s = await testServer();
  try {
    const a = await s.call('POST', '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', { ...kubectlRunPod('p'), metadata: { name: 'a', labels: { run: 'p' } } });
    const b = await s.call('POST', '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', { ...kubectlRunPod('p'), metadata: { name: 'b', labels: { run: 'p' } } });
    assert.notEqual(a.json.spec.volumes[0].name, b.json.spec.volumes[0].name);
    assert.equal(JSON.stringify(a.json.metadata.managedFields), JSON.stringify(b.json.metadata.managedFields));
  } finally {
    await s.close();
  }
});

test('a created service does not own the addresses the server allocated', async () => {
  const s = await testServer();
  try {
    const svc = await s.call('POST', '/api/v1/namespaces/default/services?fieldManager=kubectl-create', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }], selector: { app: 'a' } } });
    assert.equal(svc.status, 201);
    assert.match(svc.json.spec.clusterIP, /^\d+\.\d+\.\d+\.\d+$/);
    const spec = entry(svc.json, 'kubectl-create').fieldsV1['f:spec'];
    assert.equal(spec['f:clusterIP'], undefined);
    assert.equal(spec['f:clusterIPs'], undefined);
    assert.deepEqual(spec['f:ports']['k:{"port":80,"protocol":"TCP"}'], { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} });
  } finally {
    await s.close();
  }
});

test("a kubelet's status patch owns each condition and pod IP it adds, item and fields", async () => {
  const s = await testServer();
  try {
    await s.call('POST', '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', kubectlRunPod('p1'));
    const patched = await s.call(
      'PATCH',
      '/api/v1/namespaces/default/pods/p1/status?fieldManager=kubelet',
      { status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }], podIP: '10.244.2.2', podIPs: [{ ip: '10.244.2.2' }] } },
      { 'content-type': 'application/strategic-merge-patch+json' },
    );
    assert.equal(patched.status, 200);
    const kubelet = entry(patched.json, 'kubelet');
    assert.equal(kubelet.subresource, 'status');
    const status = kubelet.fieldsV1['f:status'];
    assert.deepEqual(status['f:conditions'], {
      '.': {},
      'k:{"type":"Ready"}': { '.': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} },
    });
    assert.deepEqual(status['f:podIPs'], { '.': {}, 'k:{"ip":"10.244.2.2"}': { '.': {}, 'f:ip': {} } });
  } finally {
    await s.close();
  }
});

test('a patch that adds a list item owns the item; a later patch that changes one of its fields owns only that field', async () => {
  const s = await testServer();
  try {
    const base = '/api/v1/namespaces/default/services/s';
    await s.call('POST', '/api/v1/namespaces/default/services?fieldManager=creator', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http', port: 80 }], selector: { app: 'a' } } });
    const added = await s.call('PATCH', `${base}?fieldManager=adder`, { spec: { ports: [{ name: 'metrics', port: 9090 }] } }, { 'content-type': 'application/strategic-merge-patch+json' });
    assert.equal(added.status, 200);
    assert.deepEqual(entry(added.json, 'adder').fieldsV1, {
      'f:spec': { 'f:ports': { 'k:{"port":9090,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} } } },
    });
    const i = added.json.spec.ports.findIndex((p: any) => p.port === 9090);
    const changed = await s.call('PATCH', `${base}?fieldManager=tuner`, [{ op: 'replace', path: `/spec/ports/${i}/targetPort`, value: 9091 }], { 'content-type': 'application/json-patch+json' });
    assert.equal(changed.status, 200);
    assert.deepEqual(entry(changed.json, 'tuner').fieldsV1, { 'f:spec': { 'f:ports': { 'k:{"port":9090,"protocol":"TCP"}': { 'f:targetPort': {} } } } });
    assert.deepEqual(entry(changed.json, 'adder').fieldsV1['f:spec']['f:ports']['k:{"port":9090,"protocol":"TCP"}'], { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} });
    // A PUT that drops the item takes it (and all of it) from its owner.
    const live = changed.json;
    live.spec.ports = live.spec.ports.filter((p: any) => p.port !== 9090);
    const put = await s.call('PUT', `${base}?fieldManager=editor`, live);
    assert.equal(put.status, 200);
    assert.equal(entry(put.json, 'adder'), undefined);
    assert.equal(entry(put.json, 'tuner'), undefined);
  } finally {
    await s.close();
  }
});
