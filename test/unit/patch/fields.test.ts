import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet, fieldSetOf, fieldsV1ToPaths, managerFromUserAgent } from '../../../src/emulator/apiserver/patch/index';
import { podSchema } from './schemas';

describe('field sets', () => {
  it('reads fieldsV1 into human paths, for showing who owns what', () => {
    const fieldsV1 = {
      'f:metadata': { 'f:finalizers': { '.': {}, 'v:"kubernetes"': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
    };
    assert.deepEqual(fieldsV1ToPaths(fieldsV1), [
      '.metadata.finalizers',
      '.metadata.finalizers[="kubernetes"]',
      '.spec.containers[name="web"]',
      '.spec.containers[name="web"].image',
      '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]',
      '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort',
    ]);
  });

  it('round-trips fieldsV1', () => {
    const fieldsV1 = { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } } };
    assert.deepEqual(FieldSet.fromFieldsV1(fieldsV1).toFieldsV1(), fieldsV1);
  });

  it('computes what a pod sets: sets by value, atomic lists and maps as one field, empty objects as leaves', () => {
    const pod = {
      metadata: { name: 'p', finalizers: ['a'] },
      spec: { containers: [{ name: 'c', command: ['sh', '-c'], resources: {} }], nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'k' }] },
    };
    assert.deepEqual(fieldSetOf(pod, podSchema).toFieldsV1(), {
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:name': {} },
      'f:spec': {
        'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:command': {}, 'f:name': {}, 'f:resources': {} } },
        'f:nodeSelector': {},
        'f:tolerations': {},
      },
    });
  });

  it('set algebra: difference, intersection, recursive difference', () => {
    const a = FieldSet.fromPaths([['f:a', 'f:b'], ['f:a', 'f:c'], ['f:d']]);
    const b = FieldSet.fromPaths([['f:a', 'f:b'], ['f:d']]);
    assert.deepEqual(a.difference(b).paths(), [['f:a', 'f:c']]);
    assert.deepEqual(a.intersection(b).paths(), [['f:a', 'f:b'], ['f:d']]);
    assert.deepEqual(a.recursiveDifference(FieldSet.fromPaths([['f:a']])).paths(), [['f:d']]);
  });

  it('a set kept as canonical fieldsV1 reads and combines as the decoded set, and never changes that fieldsV1', () => {
    const fields = { 'f:a': { '.': {}, 'f:b': {}, 'f:c': { 'f:d': {} } }, 'f:e': {} };
    const text = JSON.stringify(fields);
    const kept = () => FieldSet.fromCanonical(fields);
    const decoded = FieldSet.fromFieldsV1(fields);
    assert.equal(kept().toFieldsV1(), fields, 'written back as it is');
    assert.deepEqual(kept().paths(), decoded.paths());
    const other = FieldSet.fromPaths([['f:a', 'f:c', 'f:d'], ['f:a', 'f:x'], ['f:e']]);
    assert.deepEqual(kept().union(other).toFieldsV1(), decoded.union(other).toFieldsV1());
    assert.deepEqual(other.union(kept()).toFieldsV1(), decoded.union(other).toFieldsV1());
    assert.deepEqual(kept().difference(other).toFieldsV1(), decoded.difference(other).toFieldsV1());
    assert.deepEqual(other.difference(kept()).toFieldsV1(), other.difference(decoded).toFieldsV1());
    assert.deepEqual(kept().intersection(other).toFieldsV1(), decoded.intersection(other).toFieldsV1());
    assert.deepEqual(kept().recursiveDifference(FieldSet.fromPaths([['f:a', 'f:c']])).toFieldsV1(), { 'f:a': { '.': {}, 'f:b': {} }, 'f:e': {} });
    assert.equal(kept().overlaps(FieldSet.fromPaths([['f:a', 'f:c', 'f:d']])), true);
    assert.equal(kept().overlaps(FieldSet.fromPaths([['f:a', 'f:c']])), false);
    assert.deepEqual(kept().absorb(FieldSet.fromPaths([['f:a', 'f:c', 'f:y']])).toFieldsV1(), { 'f:a': { '.': {}, 'f:b': {}, 'f:c': { 'f:d': {}, 'f:y': {} } }, 'f:e': {} });
    const changed = kept();
    changed.child('f:a').member = false;
    assert.deepEqual(changed.toFieldsV1(), { 'f:a': { 'f:b': {}, 'f:c': { 'f:d': {} } }, 'f:e': {} });
    assert.equal(JSON.stringify(fields), text, 'the kept fieldsV1 is never changed');
  });

  it("reads a manager's empty fieldsV1 as the empty set, and {} below the root as a member", () => {
    assert.equal(FieldSet.fromCanonical({}, true).isEmpty(), true);
    assert.deepEqual(FieldSet.fromCanonical({}, true).union(FieldSet.fromPaths([['f:a']])).toFieldsV1(), { 'f:a': {} });
    assert.deepEqual(FieldSet.fromCanonical({ 'f:a': {} }, true).paths(), [['f:a']]);
    assert.deepEqual(FieldSet.fromCanonical({ 'f:a': {} }).paths(), [['f:a']]);
    assert.equal(FieldSet.fromCanonical({}).member, true);
  });

  it('absorb: the union, taking over the subtrees the set lacks', () => {
    const a = FieldSet.fromPaths([['f:a', 'f:b'], ['f:d']]);
    const b = FieldSet.fromPaths([['f:a', 'f:c'], ['f:a'], ['f:e', 'f:f']]);
    const union = a.union(b).toFieldsV1();
    const e = b.children.get('f:e');
    const out = a.absorb(b);
    assert.equal(out, a);
    assert.deepEqual(out.toFieldsV1(), union);
    assert.equal(out.children.get('f:e'), e, 'a subtree only `b` had is shared, not copied');
  });
});

describe('default field manager from the User-Agent', () => {
  it('takes the part before the first slash', () => {
    assert.equal(managerFromUserAgent('kubectl/v1.34.1 (linux/amd64) kubernetes/abc'), 'kubectl');
    assert.equal(managerFromUserAgent('helm/v4.1.0'), 'helm');
    assert.equal(managerFromUserAgent('node-fetch'), 'node-fetch');
    assert.equal(managerFromUserAgent(undefined), '');
  });

  it('drops unprintable characters and stops at 128 bytes', () => {
    assert.equal(managerFromUserAgent('a\u0000b\tc/1'), 'abc');
    assert.equal(managerFromUserAgent('my tool\u00a0x/1'), 'my toolx', 'only the ASCII space counts as printable space');
    assert.equal(managerFromUserAgent('x'.repeat(200)).length, 128);
    assert.equal(Buffer.byteLength(managerFromUserAgent('é'.repeat(100))), 128);
  });
});
