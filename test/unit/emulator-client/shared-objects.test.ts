import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedObjects } from '../../../src/emulator/client/shared-objects';
import { StringInterner } from '../../../src/emulator/client/string-intern';

const at = '2026-11-28T10:47:58Z';
const pod = (i: number, node = 'worker-1') => ({
  metadata: { name: `web-${i}`, uid: `0b8f6c1e-${String(i).padStart(4, '0')}-4d4b`, labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9', controller: true }] },
  spec: {
    nodeName: node,
    containers: [{ name: 'app', resources: { requests: { cpu: '100m', memory: '64Mi' } }, volumeMounts: [{ name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }], args: [] }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    securityContext: {},
  },
  status: { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: at }], podIPs: [{ ip: `10.244.0.${i}` }] },
});
const parse = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
const sharing = (generation = 1024) => new StringInterner(generation, new SharedObjects(generation));

test('identical leaf objects of different parsed objects become one shared copy', () => {
  const interner = sharing();
  const a = interner.internValues(parse(pod(1)));
  const b = interner.internValues(parse(pod(2)));
  assert.equal(a.status.conditions[0], b.status.conditions[0]);
  assert.equal(a.spec.tolerations[0], b.spec.tolerations[0]);
  assert.equal(a.spec.containers[0]!.resources.requests, b.spec.containers[0]!.resources.requests);
  assert.equal(a.spec.containers[0]!.volumeMounts[0], b.spec.containers[0]!.volumeMounts[0]);
  assert.equal(a.metadata.labels, b.metadata.labels);
  assert.equal(a.metadata.ownerReferences[0], b.metadata.ownerReferences[0]);
  assert.equal(a.spec.securityContext, b.spec.securityContext, 'empty objects are shared');
  assert.equal(a.spec.containers[0]!.args, b.spec.containers[0]!.args, 'empty arrays are shared');
});

test('objects with a different value, key order or value type stay separate', () => {
  const interner = sharing();
  const a = interner.internValues(parse(pod(1)));
  const b = interner.internValues(parse(pod(2)));
  assert.notEqual(a.status.podIPs[0], b.status.podIPs[0], 'different IPs');
  const x = interner.internValues(parse({ l: { a: '1', b: '2' }, m: { b: '2', a: '1' }, n: { a: 1, b: '2' }, e: {}, f: [], g: [null], h: ['null'] }));
  assert.notEqual(x.l, x.m as unknown);
  assert.notEqual(x.l, x.n as unknown);
  assert.notEqual(x.e, x.f as unknown);
  assert.notEqual(x.g, x.h as unknown);
  assert.deepEqual(Object.keys(x.m), ['b', 'a'], 'key order kept');
});

test('every parsed object stays deep-equal, with the same JSON, to what was parsed', () => {
  const interner = sharing(64);
  for (let i = 0; i < 300; i++) {
    const parsed = interner.internValues(parse(pod(i, `worker-${i % 5}`)));
    assert.deepEqual(parsed, pod(i, `worker-${i % 5}`));
    assert.equal(JSON.stringify(parsed), JSON.stringify(pod(i, `worker-${i % 5}`)));
  }
});

test('objects made of shared objects are shared; the parsed object itself and objects holding unique values are not', () => {
  const interner = sharing();
  const a = interner.internValues(parse(pod(1)));
  const b = interner.internValues(parse(pod(2)));
  assert.notEqual(a, b);
  assert.equal(a.status.conditions, b.status.conditions, 'the conditions list');
  assert.equal(a.spec.tolerations, b.spec.tolerations, 'the tolerations list');
  assert.equal(a.spec.containers, b.spec.containers, 'the containers');
  assert.notEqual(a.status, b.status, 'status holds the pod IP');
  assert.notEqual(a.metadata, b.metadata);
  assert.equal(a.spec, b.spec, 'same node, same template: one spec');
  const c = interner.internValues(parse(pod(3, 'worker-2')));
  assert.notEqual(c.spec, a.spec, 'another node');
  assert.equal(c.spec.containers, a.spec.containers);
});

test('large leaves are left as parsed', () => {
  const interner = sharing();
  const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
  const a = interner.internValues(parse({ big }));
  const b = interner.internValues(parse({ big }));
  assert.notEqual(a.big, b.big);
});

test('without a leaf table nothing is shared (strings only)', () => {
  const interner = new StringInterner(1024);
  const a = interner.internValues(parse(pod(1)));
  const b = interner.internValues(parse(pod(2)));
  assert.notEqual(a.status.conditions[0], b.status.conditions[0]);
});

test('the leaf table stays bounded by two generations and keeps repeated leaves', () => {
  const leaves = new SharedObjects(50);
  const interner = new StringInterner(1024, leaves);
  const first = interner.internValues(parse(pod(0)));
  for (let i = 1; i < 2_000; i++) {
    const p = interner.internValues(parse(pod(i)));
    // The condition repeats in every pod, so it survives the generations the unique IPs fill.
    assert.equal(p.status.conditions[0], first.status.conditions[0]);
  }
  assert.ok(leaves.size <= 100, `table holds ${leaves.size} leaves`);
  assert.ok(leaves.shared > 0);
});

test('shared copies are frozen: editing a cached object in place throws instead of editing every pod', () => {
  const interner = sharing();
  const a = interner.internValues(parse(pod(1)));
  const b = interner.internValues(parse(pod(2)));
  assert.throws(() => {
    a.status.conditions[0]!.status = 'False';
  }, TypeError);
  assert.throws(() => a.spec.tolerations.push(a.spec.tolerations[0]!), TypeError);
  assert.equal(b.status.conditions[0]!.status, 'True');
  a.metadata = { ...a.metadata, name: 'renamed' };
  assert.equal(a.metadata.name, 'renamed', 'the parsed object itself stays writable');
});

test('the strings of kept copies are interned too', () => {
  const interner = sharing();
  interner.internValues(parse({ a: { t: '2026-11-28T10:47:58Z' }, b: { t: '2026-11-28T10:47:58Z' }, u: { id: '0b8f6c1e-0001-4d4b', n: [{ x: 1 }, 'c'.repeat(400)] } }));
  assert.equal(interner.size, 2, 'the timestamp of the kept copy and the uid of the unshared object');
});

test('objects whose hashes collide are compared, never confused', () => {
  const table = new SharedObjects(16);
  const a = { type: 'Ready', status: 'True' };
  const b = { type: 'Ready', status: 'False' };
  const c = { status: 'True', type: 'Ready' };
  assert.equal(table.share(a, 7), a);
  assert.equal(table.share(b, 7), b);
  assert.equal(table.share(c, 7), c, 'other key order');
  assert.equal(table.share([], 7).length, 0);
  assert.equal(table.share({ type: 'Ready', status: 'True' }, 7), a);
  assert.equal(table.share({ type: 'Ready', status: 'False' }, 7), b);
});
