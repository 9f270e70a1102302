// LIST paging and resourceVersion semantics, and WATCH event streams, in-process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configMap, testServer, until, type TestServer } from './support';

describe('API server lists', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer();
    for (let i = 0; i < 25; i++) await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap(`cm-${String(i).padStart(2, '0')}`, { parity: i % 2 ? 'odd' : 'even' }));
  });
  after(() => s.close());

  it('pages with limit/continue over one consistent revision', async () => {
    const first = await s.call('GET', '/api/v1/namespaces/default/configmaps?limit=10');
    assert.equal(first.json.items.length, 10);
    assert.ok(first.json.metadata.continue);
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('cm-00a'));
    const names: string[] = first.json.items.map((i: any) => i.metadata.name);
    let token = first.json.metadata.continue;
    while (token) {
      const page = await s.call('GET', `/api/v1/namespaces/default/configmaps?limit=10&continue=${encodeURIComponent(token)}`);
      assert.equal(page.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
      names.push(...page.json.items.map((i: any) => i.metadata.name));
      token = page.json.metadata.continue;
    }
    assert.equal(names.length, 25);
    assert.ok(!names.includes('cm-00a'), 'an object created after the first page stays out of the snapshot');
  });

  it('filters by label and field selectors while paging', async () => {
    const odd = await s.call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=parity%3Dodd&limit=5');
    assert.equal(odd.json.items.length, 5);
    assert.ok(odd.json.items.every((i: any) => i.metadata.labels.parity === 'odd'));
    const byName = await s.call('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Dcm-03');
    assert.deepEqual(byName.json.items.map((i: any) => i.metadata.name), ['cm-03']);
    const bad = await s.call('GET', '/api/v1/configmaps?fieldSelector=spec.nodeName%3Dx');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.message, 'field label not supported: spec.nodeName');
    const pods = await s.call('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dwhale1,status.phase%3DPending');
    assert.equal(pods.status, 200);
  });

  it('selects on metadata.namespace across namespaces, page by page (answered from the storage key)', async () => {
    await s.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    for (const name of ['x1', 'x2']) await s.call('POST', '/api/v1/namespaces/other/configmaps', { ...configMap(name), metadata: { name, namespace: 'other' } });
    const all = await s.call('GET', '/api/v1/configmaps');
    const inOther = all.json.items.filter((i: any) => i.metadata.namespace === 'other').length;
    const notDefault: string[] = [];
    let token: string | undefined;
    do {
      const page = await s.call('GET', `/api/v1/configmaps?fieldSelector=metadata.namespace!%3Ddefault&limit=1${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      notDefault.push(...page.json.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`));
      token = page.json.metadata.continue;
    } while (token);
    assert.ok(notDefault.every((k) => !k.startsWith('default/')), notDefault.join(' '));
    assert.ok(notDefault.includes('other/x1') && notDefault.includes('other/x2'));
    assert.equal(notDefault.filter((k) => k.startsWith('other/')).length, inOther);
    const both = await s.call('GET', '/api/v1/configmaps?fieldSelector=metadata.namespace%3Dother,metadata.name%3Dx2');
    assert.deepEqual(both.json.items.map((i: any) => i.metadata.name), ['x2']);
  });

  it('answers 410 Expired for a continue token or exact revision older than compaction', async () => {
    const first = await s.call('GET', '/api/v1/namespaces/default/configmaps?limit=5');
    const old = Number(first.json.metadata.resourceVersion);
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('bump'));
    s.store.compact(s.store.revision);
    const expired = await s.call('GET', `/api/v1/namespaces/default/configmaps?limit=5&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    assert.equal(expired.status, 410);
    assert.equal(expired.json.reason, 'Expired');
    const exact = await s.call('GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${old}&resourceVersionMatch=Exact`);
    assert.equal(exact.status, 410);
    assert.match(exact.json.message, /too old resource version/);
  });

  it('serves Tables with the columns and rows kubectl prints', async () => {
    const r = await s.call('GET', '/api/v1/namespaces', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    assert.equal(r.json.kind, 'Table');
    assert.deepEqual(r.json.columnDefinitions.map((c: any) => c.name), ['Name', 'Status', 'Age']);
    const row = r.json.rows.find((x: any) => x.cells[0] === 'kube-system');
    assert.equal(row.cells[1], 'Active');
    assert.equal(row.object.kind, 'PartialObjectMetadata');
  });
});

describe('API server watches', () => {
  let s: TestServer;
  before(async () => (s = await testServer({ bookmarkIntervalMs: 1000 })));
  after(() => s.close());

  it('streams ADDED/MODIFIED/DELETED and turns leaving a selection into DELETED', async () => {
    const start = (await s.call('GET', '/api/v1/namespaces/default/configmaps')).json.metadata.resourceVersion;
    const w = await s.watch(`/api/v1/namespaces/default/configmaps?watch=true&labelSelector=team%3Da&resourceVersion=${start}`);
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('w1', { team: 'a' }));
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/w1', { data: { x: '1' } });
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/w1', { metadata: { labels: { team: 'b' } } });
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('w2', { team: 'b' }));
    await s.call('PATCH', '/api/v1/namespaces/default/configmaps/w2', { metadata: { labels: { team: 'a' } } });
    await s.call('DELETE', '/api/v1/namespaces/default/configmaps/w2');
    await until('six events', () => w.events.length >= 5);
    assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w1', 'MODIFIED w1', 'DELETED w1', 'ADDED w2', 'DELETED w2']);
    w.stop();
  });

  it('watches by field selector: by name from the storage key, by spec.nodeName for many watchers of the same events', async () => {
    const start = (await s.call('GET', '/api/v1/pods')).json.metadata.resourceVersion;
    const pod = (name: string, nodeName?: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'nginx' }] },
    });
    const byName = await s.watch(`/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dp2&resourceVersion=${start}`);
    const byNamespace = await s.watch(`/api/v1/pods?watch=true&fieldSelector=metadata.namespace%3Ddefault,metadata.name!%3Dp1&resourceVersion=${start}`);
    const nodes = ['n1', 'n2', 'n3'];
    const byNode = await Promise.all(nodes.map((n) => s.watch(`/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3D${n}&resourceVersion=${start}`)));
    await s.call('POST', '/api/v1/namespaces/default/pods', pod('p1', 'n1'));
    await s.call('POST', '/api/v1/namespaces/default/pods', pod('p2', 'n2'));
    await s.call('POST', '/api/v1/namespaces/default/pods', pod('p3'));
    await s.call('PATCH', '/api/v1/namespaces/default/pods/p2', { metadata: { labels: { a: 'b' } } });
    await s.call('DELETE', '/api/v1/namespaces/default/pods/p1?gracePeriodSeconds=0');
    await until('the last watch saw p1 go', () => byNode[0].events.length >= 2);
    const seen = (w: { events: { type: string; object: any }[] }) => w.events.map((e) => `${e.type} ${e.object.metadata.name}`);
    assert.deepEqual(seen(byName), ['ADDED p2', 'MODIFIED p2']);
    assert.deepEqual(seen(byNamespace), ['ADDED p2', 'ADDED p3', 'MODIFIED p2']);
    assert.deepEqual(byNode.map(seen), [['ADDED p1', 'DELETED p1'], ['ADDED p2', 'MODIFIED p2'], []]);
    for (const w of [byName, byNamespace, ...byNode]) w.stop();
  });

  it('keeps each pod\'s selectable fields with its stored value, and watches status.phase on them', async () => {
    const start = (await s.call('GET', '/api/v1/pods')).json.metadata.resourceVersion;
    const running = await s.watch(`/api/v1/namespaces/default/pods?watch=true&fieldSelector=status.phase%3DRunning&resourceVersion=${start}`);
    const notOnN7 = await s.watch(`/api/v1/pods?watch=true&fieldSelector=spec.nodeName!%3Dn7,metadata.namespace%3Ddefault&resourceVersion=${start}`);
    const byLabel = await s.watch(`/api/v1/pods?watch=true&labelSelector=app%3Dphased,tier%20notin%20(db)&resourceVersion=${start}`);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'phased', namespace: 'default', labels: { app: 'phased', tier: 'web' } }, spec: { nodeName: 'n7', containers: [{ name: 'app', image: 'nginx' }] } };
    await s.call('POST', '/api/v1/namespaces/default/pods', pod);
    const key = '/registry/core/pods/default/phased';
    // In the order of the pod's selectable fields, then its labels, as the parsed object gives them.
    const expected = (json: string): string[] => {
      const o = JSON.parse(json);
      const fields = [o.spec.nodeName, o.spec.restartPolicy, o.spec.schedulerName, o.spec.serviceAccountName, String(o.spec.hostNetwork ?? false), o.status?.phase, o.status?.podIP, o.status?.nominatedNodeName];
      return [...fields.map((v) => v ?? ''), ...Object.entries(o.metadata.labels ?? {}).flat()] as string[];
    };
    const created = s.store.get(key)!;
    assert.deepEqual(created.fields, expected(created.json));
    assert.equal(created.fields?.[5], 'Pending');
    await s.call('PATCH', '/api/v1/namespaces/default/pods/phased/status', { status: { phase: 'Running', podIP: '10.244.1.9' } });
    const patched = s.store.get(key)!;
    assert.deepEqual(patched.fields, expected(patched.json));
    assert.deepEqual([patched.fields?.[5], patched.fields?.[6]], ['Running', '10.244.1.9']);
    await s.call('PATCH', '/api/v1/namespaces/default/pods/phased', { metadata: { labels: { tier: 'db' } } });
    await s.call('PATCH', '/api/v1/namespaces/default/pods/phased/status', { status: { phase: 'Succeeded' } });
    await s.call('DELETE', '/api/v1/namespaces/default/pods/phased?gracePeriodSeconds=0');
    await until('the pod left the Running selection', () => running.events.length >= 3);
    assert.deepEqual(running.events.map((e) => `${e.type} ${e.object.status.phase}`), ['ADDED Running', 'MODIFIED Running', 'DELETED Succeeded']);
    assert.deepEqual(notOnN7.events, []);
    // Relabelled tier=db: the pod leaves the label selection.
    assert.deepEqual(byLabel.events.map((e) => `${e.type} ${e.object.metadata.labels.tier}`), ['ADDED web', 'MODIFIED web', 'DELETED db']);
    assert.equal(s.store.get('/registry/core/configmaps/default/cm-01')?.fields, undefined, 'kinds without indexed fields keep none');
    for (const w of [running, notOnN7, byLabel]) w.stop();
  });

  it('starts with the current state for resourceVersion=0 and sends bookmarks on the clock', async () => {
    const w = await s.watch('/api/v1/namespaces?watch=1&resourceVersion=0&allowWatchBookmarks=true');
    assert.deepEqual(w.events.map((e) => e.object.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    s.clock.advance(1000);
    const bookmark = w.events[w.events.length - 1];
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.equal(bookmark.object.metadata.resourceVersion, String(s.store.revision));
    w.stop();
  });

  it('marks the end of initial events for sendInitialEvents and ends at timeoutSeconds', async () => {
    const w = await s.watch('/api/v1/namespaces?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=5');
    const last = w.events[w.events.length - 1];
    assert.equal(last.type, 'BOOKMARK');
    assert.equal(last.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
    assert.equal(w.ended, false);
    s.clock.advance(5000);
    assert.equal(w.ended, true);
    const rejected = await s.call('GET', '/api/v1/namespaces?watch=1&sendInitialEvents=true');
    assert.equal(rejected.status, 400);
  });

  it('sends 410 as an ERROR event for a compacted resourceVersion', async () => {
    const old = s.store.revision;
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('c1'));
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('c2'));
    s.store.compact(s.store.revision);
    const w = await s.watch(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${old}`);
    assert.equal(w.status, 200);
    assert.equal(w.events.length, 1);
    assert.equal(w.events[0].type, 'ERROR');
    assert.equal(w.events[0].object.code, 410);
    assert.equal(w.ended, true);
  });
});
