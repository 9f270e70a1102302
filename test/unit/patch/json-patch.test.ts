import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch, applyMergePatch, PatchNotApplicableError } from '../../../src/emulator/apiserver/patch/index';
import { ApiError } from '../../../src/emulator/apiserver/status';

const pod = () => ({
  metadata: { name: 'web', labels: { app: 'web', 'a/b': 'x', 'c~d': 'y' } },
  spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] },
});

function rejects(fn: () => unknown, code: number, message: string | RegExp): ApiError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return e;
  }
  assert.fail('expected an error');
}

describe('JSON patch (RFC 6902)', () => {
  it('applies add, remove, replace, move, copy and test in order', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'test', path: '/metadata/name', value: 'web' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'a:2' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'c', image: 'c:1' } },
      { op: 'add', path: '/spec/containers/0', value: { name: 'z', image: 'z:1' } },
      { op: 'remove', path: '/spec/containers/2' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' },
      { op: 'move', from: '/metadata/labels/copy', path: '/metadata/annotations' },
    ]) as any;
    assert.deepEqual(
      out.spec.containers.map((c: any) => `${c.name}=${c.image}`),
      ['z=z:1', 'a=a:2', 'c=c:1'],
    );
    assert.equal(out.metadata.annotations, 'web');
    assert.equal(out.metadata.labels.copy, undefined);
  });

  it('unescapes ~1 and ~0 in pointers', () => {
    const out = applyJsonPatch(pod(), [
      { op: 'remove', path: '/metadata/labels/a~1b' },
      { op: 'replace', path: '/metadata/labels/c~0d', value: 'z' },
    ]) as any;
    assert.deepEqual(out.metadata.labels, { app: 'web', 'c~d': 'z' });
  });

  it('does not modify the current object, even when a later operation fails', () => {
    const current = pod();
    assert.throws(() => applyJsonPatch(current, [{ op: 'replace', path: '/metadata/name', value: 'x' }, { op: 'remove', path: '/nope' }]));
    assert.deepEqual(current, pod());
  });

  it('answers 422 with kube-apiserver\'s generic message when a path is missing', () => {
    const e = rejects(() => applyJsonPatch(pod(), [{ op: 'replace', path: '/spec/foo', value: 1 }]), 422, 'the server rejected our request due to an error in our request');
    assert.equal(e.reason, 'Invalid');
    assert.ok(e instanceof PatchNotApplicableError);
    assert.equal(e.detail, 'replace operation does not apply: doc is missing key: /spec/foo');
  });

  it('answers 422 when a test operation fails or an index is out of range', () => {
    const t = rejects(() => applyJsonPatch(pod(), [{ op: 'test', path: '/metadata/name', value: 'db' }]), 422, /rejected our request/);
    assert.equal((t as PatchNotApplicableError).detail, 'testing value /metadata/name failed: test failed');
    rejects(() => applyJsonPatch(pod(), [{ op: 'add', path: '/spec/containers/5', value: {} }]), 422, /rejected our request/);
    rejects(() => applyJsonPatch(pod(), [{ op: 'add', path: '/spec/missing/x', value: 1 }]), 422, /rejected our request/);
    rejects(() => applyJsonPatch(pod(), [{ op: 'frobnicate', path: '/spec' }]), 422, /rejected our request/);
  });

  it('answers 400 when the patch document is not a list of operations', () => {
    rejects(() => applyJsonPatch(pod(), { op: 'add' }), 400, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    rejects(() => applyJsonPatch(pod(), ['add']), 400, 'json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  });

  it('answers 413 past 10000 operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/metadata/name', value: 'web' }));
    rejects(() => applyJsonPatch(pod(), ops), 413, 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes with null and replaces lists', () => {
    const out = applyMergePatch(pod(), {
      metadata: { labels: { app: null, tier: 'front' } },
      spec: { containers: [{ name: 'only' }] },
    }) as any;
    assert.deepEqual(out.metadata.labels, { 'a/b': 'x', 'c~d': 'y', tier: 'front' });
    assert.deepEqual(out.spec.containers, [{ name: 'only' }]);
  });

  it('drops nulls inside new objects and leaves the current object alone', () => {
    const current = pod();
    const out = applyMergePatch(current, { spec: { nodeSelector: { disk: 'ssd', gone: null } } }) as any;
    assert.deepEqual(out.spec.nodeSelector, { disk: 'ssd' });
    assert.deepEqual(current, pod());
  });

  it('rejects a patch that is not an object with 400', () => {
    rejects(() => applyMergePatch(pod(), [1, 2]), 400, 'Invalid JSON Patch');
  });
});
