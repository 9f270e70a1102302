// The write path's managedFields shortcuts must give what the general diff gives, byte for byte:
// the direct fieldsV1 of a create, the diff walk's create case, and stored entries written back
// without being decoded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { compareObjects } from '../../../src/emulator/apiserver/patch/field-walk';
import { FieldSet, isCanonicalFieldsV1 } from '../../../src/emulator/apiserver/patch/fieldset';
import { trackUpdate } from '../../../src/emulator/apiserver/patch/index';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import type { SchemaNode } from '../../../src/emulator/apiserver/schema-types';
import { podSchema as smallPodSchema } from './schemas';

const registry = new SchemaRegistry();
const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:00:05Z';

// The general path, spelled out: diff against an object with no fields (a key holding
// undefined keeps the walk off its create shortcut), minus the ignored and never-owned fields,
// encoded with the original (isEmpty-based) encoder.
const STRIPPED = FieldSet.fromPaths(
  [[], ['name'], ['namespace'], ['creationTimestamp'], ['selfLink'], ['uid'], ['clusterName'], ['generation'], ['managedFields'], ['resourceVersion']]
    .map((p) => ['f:metadata', ...p.map((f) => `f:${f}`)])
    .concat([['f:apiVersion'], ['f:kind']]),
);
const ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };
function referenceEncode(s: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.member && s.children.size > 0) out['.'] = {};
  const keys = [...s.children.keys()].sort((a, b) => (a[0] === b[0] ? (a[0] === 'i' ? Number(a.slice(2)) - Number(b.slice(2)) : a < b ? -1 : a > b ? 1 : 0) : ORDER[a[0]] - ORDER[b[0]]));
  for (const pe of keys) {
    const c = s.children.get(pe)!;
    if (!c.isEmpty()) out[pe] = referenceEncode(c);
  }
  return out;
}
function referenceCreate(obj: KubeObject, schema: SchemaNode | undefined, ignoreStatus: boolean): string | undefined {
  const { managedFields: _m, ...metadata } = obj.metadata ?? {};
  const cmp = compareObjects({ untouched: undefined }, { ...obj, metadata }, schema);
  const ignored = FieldSet.fromPaths(ignoreStatus ? [['f:status']] : []);
  const mine = cmp.modified.union(cmp.added).recursiveDifference(ignored).difference(STRIPPED);
  return mine.isEmpty() ? undefined : JSON.stringify(referenceEncode(mine));
}
function fastCreate(obj: KubeObject, schema: SchemaNode | undefined, ignoreStatus: boolean): KubeObject {
  return trackUpdate({ updated: structuredClone(obj), manager: 'kubectl-create', schema, now: T0, apiVersion: obj.apiVersion ?? 'v1', ignoreStatus });
}

function typicalPod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns-1', labels: { app: 'web', 'pod-template-hash': '5d8f' }, annotations: { 'prometheus.io/port': '9090' }, generateName: 'web-', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'u-1', controller: true, blockOwnerDeletion: true }] },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/web:1.42.0',
          ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 8443, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'EMPTY' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          command: ['/bin/web', '--port=8080'],
          securityContext: {},
        },
        { name: 'sidecar', image: 'proxy:2.1', resources: {} },
      ],
      initContainers: [{ name: 'init', image: 'busybox', args: ['true'] }],
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      hostAliases: null,
    },
    status: { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False' }] },
  } as KubeObject;
}

function event(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'ns-1', uid: 'x', creationTimestamp: T0, resourceVersion: '5' },
    involvedObject: { kind: 'Pod', namespace: 'ns-1', name: 'web-1', uid: 'u-2', apiVersion: 'v1', resourceVersion: '17' },
    reason: 'Scheduled',
    message: 'Successfully assigned ns-1/web-1 to node-1',
    source: { component: 'default-scheduler' },
    firstTimestamp: T0,
    lastTimestamp: T0,
    count: 1,
    type: 'Normal',
    reportingComponent: 'default-scheduler',
    reportingInstance: '',
  } as KubeObject;
}

/** A small seeded generator, so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Drops, nulls, empties, duplicates and de-keys parts of `v` at random. */
function mutate(v: unknown, rnd: () => number, depth = 0): unknown {
  if (Array.isArray(v)) {
    const out = v.map((x) => mutate(x, rnd, depth + 1)).filter(() => rnd() > 0.15);
    if (out.length && rnd() < 0.15) out.push(structuredClone(out[0])); // a duplicate key
    if (out.length && rnd() < 0.1) out.push({ image: 'no-key' }); // an item without its key
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = rnd();
      if (depth > 0 && r < 0.1) continue;
      if (depth > 0 && r < 0.15) out[k] = null;
      else if (r < 0.2) out[k] = typeof x === 'object' && x !== null ? (Array.isArray(x) ? [] : {}) : x;
      else out[k] = mutate(x, rnd, depth + 1);
    }
    if (rnd() < 0.1) out[`extra${depth}`] = rnd() < 0.5 ? { nested: [1, 2] } : 'x';
    return out;
  }
  return v;
}

describe('managedFields of a create, written directly', () => {
  const podSchema = registry.forKind('', 'v1', 'Pod');
  const cases: [string, KubeObject, SchemaNode | undefined][] = [
    ['a typical pod (real schema)', typicalPod('web-1'), podSchema],
    ['a typical pod (small schema)', typicalPod('web-2'), smallPodSchema],
    ['an Event', event('web-1.1234'), registry.forKind('', 'v1', 'Event')],
    ['a Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { a: 'b' } }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: typicalPod('x').spec } } } as KubeObject, registry.forKind('apps', 'v1', 'Deployment')],
    ['a Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { a: 'b' }, ports: [{ port: 80, targetPort: 8080 }, { port: 53, protocol: 'UDP' }] } } as KubeObject, registry.forKind('', 'v1', 'Service')],
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['a', 'b', 'a'] }, data: { 'a.txt': 'x', b: '' }, binaryData: {} } as KubeObject, registry.forKind('', 'v1', 'ConfigMap')],
    ['an untyped custom resource', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { list: [{ a: 1 }], map: { x: { y: null } }, empty: {} }, status: { ok: true } } as KubeObject, undefined],
    ['metadata only', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } } as KubeObject, registry.forKind('', 'v1', 'Namespace')],
  ];
  for (const [what, obj, schema] of cases) {
    for (const ignoreStatus of [false, true]) {
      it(`gives the diff's fieldsV1 for ${what}${ignoreStatus ? ', status ignored' : ''}`, () => {
        const out = fastCreate(obj, schema, ignoreStatus);
        const entries = out.metadata.managedFields;
        assert.equal(entries === undefined ? undefined : JSON.stringify(entries[0].fieldsV1), referenceCreate(obj, schema, ignoreStatus));
        if (entries) assert.deepEqual(Object.keys(entries[0]), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
      });
    }
  }

  it('gives the diff fieldsV1 for 300 randomly damaged pods, Events and Deployments', () => {
    const rnd = random(42);
    for (let i = 0; i < 300; i++) {
      const [, base, schema] = cases[i % 5];
      const obj = mutate(base, rnd) as KubeObject;
      obj.metadata ??= {};
      const out = fastCreate(obj, schema, i % 2 === 0);
      const got = out.metadata.managedFields === undefined ? undefined : JSON.stringify(out.metadata.managedFields[0].fieldsV1);
      assert.equal(got, referenceCreate(obj, schema, i % 2 === 0), `case ${i}: ${JSON.stringify(obj)}`);
    }
  });

  it("walks a create's diff in one pass with the same result", () => {
    const rnd = random(7);
    for (let i = 0; i < 100; i++) {
      const obj = mutate(typicalPod('p'), rnd);
      const fast = compareObjects({}, obj, podSchema);
      const slow = compareObjects({ untouched: undefined }, obj, podSchema);
      assert.deepEqual(referenceEncode(fast.added), referenceEncode(slow.added));
      assert.ok(fast.removed.isEmpty() && fast.modified.isEmpty() && slow.removed.isEmpty() && slow.modified.isEmpty());
    }
  });
});

describe('stored managedFields written back as they are', () => {
  const podSchema = registry.forKind('', 'v1', 'Pod');

  function statusUpdate(live: KubeObject): KubeObject {
    const next = { ...live, status: { ...live.status, phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } };
    return trackUpdate({ live, updated: next, manager: 'kubelet', schema: podSchema, now: T1, apiVersion: 'v1', subresource: 'status', resetFields: [['spec']] });
  }

  it('keeps the creator entry (and its fieldsV1 object) when a status write does not touch it', () => {
    const created = fastCreate(typicalPod('web-1'), podSchema, true);
    const live = JSON.parse(JSON.stringify(created)) as KubeObject;
    const updated = statusUpdate(live);
    const [creator, kubelet] = updated.metadata.managedFields!;
    assert.equal(creator.manager, 'kubectl-create');
    assert.equal(creator.fieldsV1, live.metadata.managedFields![0].fieldsV1, 'the stored object is reused, not re-encoded');
    assert.equal(kubelet.manager, 'kubelet');
    assert.deepEqual(Object.keys(kubelet.fieldsV1 as object), ['f:status']);
  });

  it('re-encodes an entry in a non-canonical order, as before', () => {
    const created = fastCreate(typicalPod('web-1'), podSchema, true);
    const live = JSON.parse(JSON.stringify(created)) as KubeObject;
    const fields = live.metadata.managedFields![0].fieldsV1 as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(fields).reverse());
    live.metadata.managedFields![0].fieldsV1 = reversed;
    const updated = statusUpdate(live);
    assert.equal(JSON.stringify(updated.metadata.managedFields![0].fieldsV1), JSON.stringify(fields));
  });

  it('takes fields from an entry whose fields the write changes', () => {
    const created = fastCreate(typicalPod('web-1'), podSchema, false);
    const live = JSON.parse(JSON.stringify(created)) as KubeObject;
    const updated = statusUpdate(live);
    const creator = updated.metadata.managedFields!.find((e) => e.manager === 'kubectl-create')!;
    const paths = FieldSet.fromFieldsV1(creator.fieldsV1).paths().map((p) => p.join('/'));
    assert.ok(!paths.includes('f:status/f:phase'), 'the kubelet took status.phase');
    assert.ok(paths.includes('f:status/f:qosClass'), 'qosClass stays with the creator');
  });

  it('knows canonical fieldsV1', () => {
    assert.ok(isCanonicalFieldsV1({}));
    assert.ok(isCanonicalFieldsV1({ 'f:a': {}, 'f:b': { '.': {}, 'k:{"name":"x"}': {} } }));
    assert.ok(isCanonicalFieldsV1({ 'f:a': { 'i:2': {}, 'i:10': {} } }));
    assert.ok(!isCanonicalFieldsV1({ 'f:b': {}, 'f:a': {} }), 'order');
    assert.ok(!isCanonicalFieldsV1({ 'k:{}': {}, 'f:a': {} }), 'fields before keys');
    assert.ok(!isCanonicalFieldsV1({ 'f:a': { 'i:10': {}, 'i:2': {} } }), 'indexes by number');
    assert.ok(!isCanonicalFieldsV1({ 'f:a': { '.': {} } }), 'a lone "." is written as {}');
    assert.ok(!isCanonicalFieldsV1({ 'f:a': { 'f:b': {}, '.': {} } }), '"." first');
    assert.ok(!isCanonicalFieldsV1({ 'f:a': true }), 'values are objects');
    assert.ok(!isCanonicalFieldsV1({ a: {} }), 'path element prefixes');
    assert.ok(!isCanonicalFieldsV1({ 'f:a': { '.': { x: 1 }, 'f:b': {} } }), '"." is empty');
  });
});
