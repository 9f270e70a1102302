// compareObjects adds a subtree missing on the left in one walk (addedSubtree); this checks it
// against the per-path comparison it replaced, on pairs of randomly damaged pods and Events
// that share some subtrees and not others.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareObjects, type Comparison } from '../../../src/emulator/apiserver/patch/field-walk';
import { FieldSet } from '../../../src/emulator/apiserver/patch/fieldset';
import { deepEqual, isObject } from '../../../src/emulator/apiserver/patch/json-value';
import { fieldSchema, itemsByElement, presentWhenZero, shapeOf } from '../../../src/emulator/apiserver/patch/typed';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import type { SchemaNode } from '../../../src/emulator/apiserver/schema-types';

// The previous compareValue, spelled out: a path per leaf, inserted from the root. `owned`:
// a list item, map value or inside one that one side lacks, added or removed itself even as
// a struct (structured-merge-diff's compare walker: items are not zero-valued Go fields).
// `present`: a required list or map of a struct both sides have (null in the zero object).
function referenceCompare(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined): Comparison {
  const out: Comparison = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  const isEmptyish = (v: unknown) => v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0);
  const leaf = (l: unknown, r: unknown, path: string[]) => {
    if (l === undefined || l === null) {
      if (r !== undefined && r !== null) out.added.insert(path);
    } else if (r === undefined || r === null) out.removed.insert(path);
    else if (!deepEqual(l, r)) out.modified.insert(path);
  };
  const walk = (l: unknown, r: unknown, s: SchemaNode | undefined, path: string[], owned: boolean, present = false): void => {
    if (l === r) return;
    if (owned && (l === null || r === null)) {
      if (l === undefined) return void out.added.insert(path);
      if (r === undefined) return void out.removed.insert(path);
      if (typeof l !== 'object' || typeof r !== 'object') return void out.modified.insert(path);
    }
    if ((r !== undefined && typeof r !== 'object') || ((r === undefined || r === null) && (typeof l !== 'object' || l === null))) return leaf(l, r, path);
    const lAbsent = l === undefined || l === null;
    const rAbsent = r === undefined || r === null;
    const shape = shapeOf(s, rAbsent ? l : r);
    if (shape.kind === 'leaf' || (!lAbsent && shapeOf(s, l) !== shape) || (shape.kind === 'fields' && isEmptyish(l) && isEmptyish(r))) return leaf(l, r, path);
    if (shape.kind === 'fields') {
      const lo = (isObject(l) ? l : {}) as Record<string, unknown>;
      const ro = (isObject(r) ? r : {}) as Record<string, unknown>;
      const ownedFields = !shape.struct || (owned && (lAbsent || rAbsent));
      const presentOf = (k: string) => !ownedFields && presentWhenZero(shape, k);
      for (const k in ro) walk(lo[k], ro[k], fieldSchema(shape, k), [...path, `f:${k}`], ownedFields, presentOf(k));
      for (const k in lo) if (!(k in ro)) walk(lo[k], undefined, fieldSchema(shape, k), [...path, `f:${k}`], ownedFields, presentOf(k));
    } else {
      const li = itemsByElement(l, shape);
      const ri = itemsByElement(r, shape);
      for (const [pe, item] of ri) walk(li.get(pe), item, shape.item, [...path, pe], true);
      for (const [pe, item] of li) if (!ri.has(pe)) walk(item, undefined, shape.item, [...path, pe], true);
    }
    if (path.length <= 1 || present || (shape.kind === 'fields' && shape.struct && !owned)) return;
    if (lAbsent) out.added.insert(path);
    else if (rAbsent) out.removed.insert(path);
  };
  walk(lhs ?? {}, rhs ?? {}, schema, [], false);
  return out;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pod(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' }, annotations: { a: 'b' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }] },
    spec: {
      containers: [
        { name: 'app', image: 'web:1', ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090 }], env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], resources: { requests: { cpu: '100m' } } },
        { name: 'side', image: 'proxy', args: ['--x'] },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'k', operator: 'Exists' }],
      nodeSelector: { os: 'linux' },
      securityContext: {},
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }, { type: 'PodScheduled', status: 'True' }],
      podIPs: [{ ip: '10.0.0.1' }],
      containerStatuses: [{ name: 'app', ready: true, state: { running: { startedAt: 't' } }, lastState: {} }],
    },
  };
}

function event(): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'ns' }, involvedObject: { kind: 'Pod', name: 'web' }, reason: 'R', source: { component: 'kubelet' }, count: 1, series: { count: 2, lastObservedTime: 't' } };
}

/** A copy of `v` with parts dropped, nulled, emptied, replaced or extended at random; some subtrees kept as the same objects. */
function damage(v: unknown, next: () => number, depth = 0): unknown {
  if (next() < 0.25) return v; // shared with the other side
  if (Array.isArray(v)) {
    const out = v.filter(() => next() > 0.2).map((x) => damage(x, next, depth + 1));
    if (out.length && next() < 0.1) out.push(out[0]);
    if (next() < 0.1) out.push({ name: `n${depth}`, extra: [1] });
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = next();
      if (r < 0.1) continue;
      if (r < 0.15) out[k] = null;
      else if (r < 0.2) out[k] = Array.isArray(x) ? [] : typeof x === 'object' && x !== null ? {} : 'changed';
      else out[k] = damage(x, next, depth + 1);
    }
    if (next() < 0.1) out[`extra${depth}`] = next() < 0.5 ? { nested: { deep: [{ name: 'z' }] } } : 'x';
    return out;
  }
  return next() < 0.2 ? `${String(v)}!` : v;
}

function encode(s: FieldSet): string {
  return JSON.stringify(s.toFieldsV1());
}

describe('compareObjects with whole added subtrees in one walk', () => {
  const registry = new SchemaRegistry();
  const cases: [string, () => Record<string, unknown>, SchemaNode | undefined][] = [
    ['pods', pod, registry.forKind('', 'v1', 'Pod')],
    ['Events', event, registry.forKind('', 'v1', 'Event')],
    ['untyped objects', pod, undefined],
  ];
  for (const [what, make, schema] of cases) {
    it(`finds the same added, removed and modified paths as the per-path walk, for 1,000 pairs of damaged ${what}`, () => {
      const next = rng(what.length * 7919);
      let added = 0;
      for (let i = 0; i < 1000; i++) {
        const base = make();
        const l = next() < 0.15 ? {} : damage(base, next);
        const r = next() < 0.1 ? { ...base, status: undefined } : damage(base, next);
        const got = compareObjects(l, r, schema);
        const want = referenceCompare(l, r, schema);
        const why = `case ${i}: ${JSON.stringify(l)} -> ${JSON.stringify(r)}`;
        assert.equal(encode(got.added), encode(want.added), why);
        assert.equal(encode(got.removed), encode(want.removed), why);
        assert.equal(encode(got.modified), encode(want.modified), why);
        assert.equal(got.added.isEmpty(), want.added.isEmpty(), why);
        if (!want.added.isEmpty()) added++;
      }
      assert.ok(added > 300, `most pairs add something (${added})`);
    });
  }

  it("adds a kubelet's first status: new conditions by type, the (atomic) container statuses whole", () => {
    const schema = registry.forKind('', 'v1', 'Pod');
    const live = { metadata: { name: 'p' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } };
    const next = { metadata: { name: 'p' }, status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, state: { running: { startedAt: 't' } } }] } };
    const cmp = compareObjects(live, next, schema);
    assert.deepEqual(cmp.added.toFieldsV1(), {
      'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:containerStatuses': {} },
    });
    assert.deepEqual(cmp.modified.toFieldsV1(), { 'f:status': { 'f:phase': {} } });
    assert.equal(encode(cmp.added), encode(referenceCompare(live, next, schema).added));
  });
});
