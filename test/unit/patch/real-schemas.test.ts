// The engines against the emulator's real built-in schemas (src/emulator/apiserver/schema).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { applyStrategicMergePatch, fieldsV1ToPaths, serverSideApply, trackUpdate } from '../../../src/emulator/apiserver/patch/index';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { nginxDeployment } from './schemas';

const registry = new SchemaRegistry();
const podSchema = registry.forKind('', 'v1', 'Pod');
const deploymentSchema = registry.forKind('apps', 'v1', 'Deployment');
const T0 = '2026-01-01T00:00:00Z';

function pod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', finalizers: ['example.com/a'] },
    spec: {
      containers: [
        { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 8080, protocol: 'TCP' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        { name: 'proxy', image: 'envoy:1' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'x', operator: 'Exists' }],
    },
  };
}

describe('patch engines on the real Pod and Deployment schemas', () => {
  it('has the schemas', () => {
    assert.ok(podSchema && deploymentSchema);
  });

  it('strategic merge: containers by name, env by name, tolerations replaced, finalizers merged', () => {
    const out = applyStrategicMergePatch(
      pod(),
      {
        metadata: { finalizers: ['example.com/b'] },
        spec: {
          '$setElementOrder/containers': [{ name: 'app' }, { name: 'proxy' }],
          containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }],
          tolerations: [{ key: 'y', operator: 'Exists' }],
        },
      },
      podSchema,
    ) as any;
    assert.deepEqual(
      out.spec.containers.map((c: any) => c.name),
      ['app', 'proxy'],
    );
    // No $setElementOrder for env: the patch's item leads, as in strategicpatch.
    assert.deepEqual(
      out.spec.containers[0].env.map((e: any) => e.name),
      ['B', 'A'],
    );
    assert.equal(out.spec.containers[0].image, 'app:1');
    assert.deepEqual(out.spec.tolerations, [{ key: 'y', operator: 'Exists' }]);
    assert.deepEqual(out.metadata.finalizers.slice().sort(), ['example.com/a', 'example.com/b']);
  });

  it('strategic merge: deletes a volume with $patch: delete and a mount by mountPath', () => {
    const out = applyStrategicMergePatch(
      pod(),
      { spec: { volumes: [{ name: 'data', $patch: 'delete' }], containers: [{ name: 'app', volumeMounts: [{ mountPath: '/data', $patch: 'delete' }] }] } },
      podSchema,
    ) as any;
    assert.deepEqual(out.spec.volumes, []);
    assert.deepEqual(out.spec.containers[0].volumeMounts, []);
  });

  it('server-side apply of a Deployment: ports keyed with the default protocol, conflict on replicas', () => {
    const created = serverSideApply({ applied: nginxDeployment(3), manager: 'kubectl', force: false, schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true });
    const paths = fieldsV1ToPaths(created.metadata.managedFields![0].fieldsV1);
    assert.ok(paths.includes('.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].containerPort'));
    assert.ok(paths.includes('.spec.selector'), 'LabelSelector is atomic');
    const scaled = structuredClone(created);
    scaled.spec.replicas = 7;
    const live = trackUpdate({ live: created, updated: scaled, manager: 'hpa-controller', schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true });
    assert.throws(
      () => serverSideApply({ live, applied: nginxDeployment(3), manager: 'kubectl', force: false, schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true }),
      (e: unknown) => e instanceof ApiError && e.code === 409 && e.message === 'Apply failed with 1 conflict: conflict with "hpa-controller" using apps/v1: .spec.replicas',
    );
  });

  it('server-side apply of a Pod merges an applier\'s container into one added by another manager\'s update', () => {
    const base = serverSideApply({ applied: pod(), manager: 'kubectl', force: false, schema: podSchema, now: T0, apiVersion: 'v1', ignoreStatus: true });
    const applied = pod();
    applied.spec.containers[0].image = 'app:2';
    applied.spec.containers[0].ports = [{ containerPort: 8080 }];
    const out = serverSideApply({ live: base, applied, manager: 'kubectl', force: false, schema: podSchema, now: T0, apiVersion: 'v1', ignoreStatus: true });
    assert.equal(out.spec.containers[0].image, 'app:2');
    assert.equal(out.spec.containers[0].ports.length, 1, 'a port without protocol is the same item as TCP');
  });
});
