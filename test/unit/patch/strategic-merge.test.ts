import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyStrategicMergePatch } from '../../../src/emulator/apiserver/patch/index';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { deploymentSchema, podSchema } from './schemas';

function pod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a', 'b', 'c'] },
    spec: {
      containers: [
        { name: 'app', image: 'app:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'sidecar', image: 'proxy:1' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'a', operator: 'Exists' }],
    },
  };
}

const smp = (current: unknown, patch: unknown) => applyStrategicMergePatch(current, patch, podSchema) as any;
const names = (list: any[]) => list.map((x) => x.name);

describe('strategic merge patch', () => {
  it('merges containers by name, keeping the others and their order', () => {
    const out = smp(pod(), { spec: { containers: [{ name: 'sidecar', image: 'proxy:2' }] } });
    assert.deepEqual(names(out.spec.containers), ['app', 'sidecar']);
    assert.equal(out.spec.containers[1].image, 'proxy:2');
    assert.equal(out.spec.containers[0].image, 'app:1');
  });

  it('puts a container the live object lacks before the server-only ones, as strategicpatch does', () => {
    // Without $setElementOrder, patch items lead and server-only items follow (mergeSortedSlice).
    const out = smp(pod(), { spec: { containers: [{ name: 'debug', image: 'busybox' }] } });
    assert.deepEqual(names(out.spec.containers), ['debug', 'app', 'sidecar']);
    // kubectl apply sends $setElementOrder, which keeps the manifest's order.
    const ordered = smp(pod(), { spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }, { name: 'debug' }], containers: [{ name: 'debug', image: 'busybox' }] } });
    assert.deepEqual(names(ordered.spec.containers), ['app', 'sidecar', 'debug']);
  });

  it('merges env by name inside a container', () => {
    const out = smp(pod(), { spec: { containers: [{ name: 'app', env: [{ name: 'Y', value: '3' }, { name: 'Z', value: '4' }] }] } });
    assert.deepEqual(out.spec.containers[0].env, [
      { name: 'X', value: '1' },
      { name: 'Y', value: '3' },
      { name: 'Z', value: '4' },
    ]);
    assert.deepEqual(out.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('deletes a list item with $patch: delete', () => {
    const out = smp(pod(), { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } });
    assert.deepEqual(names(out.spec.containers), ['app']);
  });

  it('replaces a whole list with a $patch: replace item', () => {
    const out = smp(pod(), { spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 's' }] } });
    assert.deepEqual(out.spec.containers, [{ name: 'solo', image: 's' }]);
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    const out = smp(pod(), { metadata: { labels: { $patch: 'replace', only: 'this' } } });
    assert.deepEqual(out.metadata.labels, { only: 'this' });
    const gone = smp(pod(), { metadata: { labels: { $patch: 'delete' } } });
    assert.deepEqual(gone.metadata.labels, {});
  });

  it('orders the list as $setElementOrder says, with server-only items where they were', () => {
    const current = pod();
    current.spec.containers.push({ name: 'third', image: 't' });
    const reordered = smp(current, { spec: { '$setElementOrder/containers': [{ name: 'third' }, { name: 'app' }, { name: 'sidecar' }] } });
    assert.deepEqual(names(reordered.spec.containers), ['third', 'app', 'sidecar']);
    // kubectl's shape when one item changes and another is server-only:
    const out = smp(current, { spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'third' }], containers: [{ name: 'third', image: 't:2' }] } });
    assert.deepEqual(names(out.spec.containers), ['app', 'sidecar', 'third']);
    assert.equal(out.spec.containers[2].image, 't:2');
    assert.equal(out.spec['$setElementOrder/containers'], undefined);
  });

  it('removes values from a primitive list with $deleteFromPrimitiveList', () => {
    const out = smp(pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } });
    assert.deepEqual(out.metadata.finalizers, ['a', 'c']);
  });

  it('applies kubectl apply\'s finalizer removal ($deleteFromPrimitiveList with $setElementOrder)', () => {
    const out = smp(pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['c', 'a'] } });
    assert.deepEqual(out.metadata.finalizers, ['c', 'a']);
  });

  it('applies kubectl apply\'s env removal ($patch: delete beside $setElementOrder)', () => {
    const out = smp(pod(), {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'Y' }], env: [{ name: 'X', $patch: 'delete' }] }],
      },
    });
    assert.deepEqual(out.spec.containers[0].env, [{ name: 'Y', value: '2' }]);
    assert.equal(out.spec.containers[0]['$setElementOrder/env'], undefined);
  });

  it('unions a primitive list whose strategy is merge', () => {
    const out = smp(pod(), { metadata: { finalizers: ['d', 'a'] } });
    assert.deepEqual(out.metadata.finalizers.slice().sort(), ['a', 'b', 'c', 'd']);
    assert.equal(new Set(out.metadata.finalizers).size, 4);
  });

  it('replaces lists without a merge strategy (tolerations)', () => {
    const out = smp(pod(), { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } });
    assert.deepEqual(out.spec.tolerations, [{ key: 'b', operator: 'Exists' }]);
  });

  it('deletes fields set to null', () => {
    const out = smp(pod(), { metadata: { labels: { tier: null } }, spec: { tolerations: null } });
    assert.deepEqual(out.metadata.labels, { app: 'web' });
    assert.equal('tolerations' in out.spec, false);
  });

  it('keeps only $retainKeys fields of a volume (merge,retainKeys)', () => {
    const out = smp(pod(), { spec: { volumes: [{ name: 'data', hostPath: { path: '/srv' }, $retainKeys: ['hostPath', 'name'] }] } });
    assert.deepEqual(out.spec.volumes, [{ name: 'data', hostPath: { path: '/srv' } }]);
  });

  it('switches a Deployment to Recreate with $retainKeys, dropping rollingUpdate', () => {
    const deploy = { spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } };
    const out = applyStrategicMergePatch(deploy, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } }, deploymentSchema) as any;
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
    assert.equal(out.spec.replicas, 2);
  });

  it('rejects patch content outside $retainKeys with 422', () => {
    assert.throws(
      () => smp(pod(), { spec: { volumes: [{ name: 'data', hostPath: { path: '/x' }, $retainKeys: ['name'] }] } }),
      (e: unknown) => e instanceof ApiError && e.code === 422,
    );
  });

  it('answers 500 for an item without its merge key, with kube-apiserver\'s wording', () => {
    assert.throws(
      () => smp(pod(), { spec: { containers: [{ image: 'x' }] } }),
      (e: unknown) => e instanceof ApiError && e.code === 500 && e.message === 'map: map[image:x] does not contain declared merge key: name',
    );
  });

  it('refuses strategic merge for kinds without a schema (custom resources) with 415', () => {
    assert.throws(
      () => applyStrategicMergePatch({ spec: {} }, { spec: { a: 1 } }, undefined),
      (e: unknown) =>
        e instanceof ApiError &&
        e.code === 415 &&
        e.message === 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('leaves the current object unmodified', () => {
    const current = pod();
    smp(current, { spec: { containers: [{ name: 'app', image: 'app:9', env: [{ name: 'X', $patch: 'delete' }] }] }, metadata: { labels: null } });
    assert.deepEqual(current, pod());
  });

  it('applies what kubectl apply sends for an image change (set image)', () => {
    const patch = {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'app', image: 'app:2' }],
      },
    };
    const out = smp(pod(), patch);
    assert.deepEqual(
      out.spec.containers.map((c: any) => c.image),
      ['app:2', 'proxy:1'],
    );
    assert.deepEqual(out.spec.containers[0].env.length, 2);
  });
});
