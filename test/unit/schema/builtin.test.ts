import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import type { SchemaNode } from '../../../src/emulator/apiserver/schema-types';

const registry = new SchemaRegistry();

function at(node: SchemaNode | undefined, path: string): SchemaNode {
  let n = node;
  for (const part of path.split('.')) {
    if (!n) break;
    n = part === '[]' ? n.items : part === '{}' ? n.additionalProperties : n.properties?.[part];
  }
  assert.ok(n, `no schema at ${path}`);
  return n;
}

test('Pod schema carries the merge keys strategic merge patch and apply need', () => {
  const pod = registry.forKind('', 'v1', 'Pod');
  assert.equal(pod?.ref, 'io.k8s.api.core.v1.Pod');
  const containers = at(pod, 'spec.containers');
  assert.deepEqual(
    { s: containers.patchStrategy, k: containers.patchMergeKey, t: containers.listType, keys: containers.listMapKeys },
    { s: 'merge', k: 'name', t: 'map', keys: ['name'] },
  );
  const ports = at(pod, 'spec.containers.[].ports');
  assert.equal(ports.patchMergeKey, 'containerPort');
  assert.deepEqual(ports.listMapKeys, ['containerPort', 'protocol']);
  assert.equal(at(pod, 'spec.containers.[].env').patchMergeKey, 'name');
  assert.equal(at(pod, 'spec.volumes').patchStrategy, 'merge,retainKeys');
  assert.equal(at(pod, 'spec.tolerations').listType, 'atomic');
  assert.equal(at(pod, 'spec.tolerations').patchStrategy, undefined);
  assert.deepEqual([at(pod, 'metadata.finalizers').patchStrategy, at(pod, 'metadata.finalizers').listType], ['merge', 'set']);
  assert.deepEqual(at(pod, 'metadata.ownerReferences').listMapKeys, ['uid']);
  assert.equal(at(pod, 'status.conditions').patchMergeKey, 'type');
  assert.equal(at(pod, 'spec.nodeSelector').mapType, 'atomic');
});

test('special types: quantities, int-or-string, times, raw JSON', () => {
  const pod = registry.forKind('', 'v1', 'Pod');
  assert.equal(at(pod, 'spec.containers.[].resources.limits.{}').type, 'quantity');
  assert.equal(at(pod, 'spec.containers.[].livenessProbe.httpGet.port').type, 'int-or-string');
  assert.deepEqual(at(pod, 'metadata.creationTimestamp'), { type: 'string', format: 'date-time', description: at(pod, 'metadata.creationTimestamp').description });
  assert.equal(at(pod, 'metadata.managedFields.[].fieldsV1').preserveUnknownFields, true);
  const rev = registry.forKind('apps', 'v1', 'ControllerRevision');
  assert.equal(at(rev, 'data').type, 'any');
});

test('Deployment reaches the same PodSpec graph and keeps its own patch metadata', () => {
  const deploy = registry.forKind('apps', 'v1', 'Deployment');
  assert.equal(deploy?.ref, 'io.k8s.api.apps.v1.Deployment');
  assert.equal(at(deploy, 'spec.template.spec'), at(registry.forKind('', 'v1', 'Pod'), 'spec'));
  assert.equal(at(deploy, 'status.conditions').patchMergeKey, 'type');
  assert.equal(at(deploy, 'spec.strategy.rollingUpdate.maxSurge').type, 'int-or-string');
  assert.match(at(deploy, 'spec.strategy.type').description ?? '', /Recreate/);
  assert.deepEqual(at(deploy, 'spec').required, ['selector', 'template']);
});

test('every served built-in kind has a schema, unknown kinds have none', () => {
  const kinds: [string, string][] = [
    ['', 'Namespace'], ['', 'Node'], ['', 'Service'], ['', 'Endpoints'], ['', 'ConfigMap'], ['', 'Secret'], ['', 'ServiceAccount'],
    ['', 'Event'], ['', 'PersistentVolume'], ['', 'PersistentVolumeClaim'], ['apps', 'ReplicaSet'], ['apps', 'DaemonSet'],
    ['apps', 'StatefulSet'], ['batch', 'Job'], ['batch', 'CronJob'], ['coordination.k8s.io', 'Lease'], ['events.k8s.io', 'Event'],
    ['discovery.k8s.io', 'EndpointSlice'], ['scheduling.k8s.io', 'PriorityClass'], ['policy', 'PodDisruptionBudget'],
    ['rbac.authorization.k8s.io', 'ClusterRoleBinding'], ['apiextensions.k8s.io', 'CustomResourceDefinition'],
  ];
  for (const [group, kind] of kinds) assert.ok(registry.forKind(group, 'v1', kind), `${group}/${kind}`);
  assert.equal(at(registry.forKind('events.k8s.io', 'v1', 'Event'), 'note').type, 'string');
  assert.equal(registry.forKind('', 'v1', 'Widget'), undefined);
  assert.equal(registry.forKind('apps', 'v2', 'Deployment'), undefined);
});

test('JSONSchemaProps is recursive without blowing up', () => {
  const crd = registry.forKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition');
  const props = at(crd, 'spec.versions.[].schema.openAPIV3Schema');
  assert.equal(at(props, 'properties.{}'), props);
});

test('the committed definitions.json is what the generator produces', () => {
  const out = execFileSync(process.execPath, [join(__dirname, '../../../scripts/generate-openapi.mjs'), '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});
