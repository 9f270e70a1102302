import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import { BUILTIN_RESOURCES, type ResourceType } from '../../../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../../../src/kube/object';

type Json = Record<string, any>;

/** Every $ref in `doc`, with the JSON path where it appears. */
function refs(doc: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(doc)) doc.forEach((x, i) => refs(x, `${path}[${i}]`, out));
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === '$ref' && typeof v === 'string') out.push([path, v]);
      else refs(v, `${path}.${k}`, out);
    }
  }
  return out;
}

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', nullable: true, properties: { size: { type: 'integer' } } } } } } }],
  },
};
const widgetResource: ResourceType = {
  group: 'stable.example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget', namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
};

test('OpenAPI v2: a Swagger 2.0 document whose references all resolve', () => {
  const doc = new SchemaRegistry().openApiV2(BUILTIN_RESOURCES) as Json;
  assert.equal(doc.swagger, '2.0');
  for (const [where, ref] of refs(doc)) {
    assert.match(ref, /^#\/definitions\//, where);
    assert.ok(doc.definitions[ref.slice('#/definitions/'.length)], `${where} -> ${ref}`);
  }
  const pod = doc.definitions['io.k8s.api.core.v1.Pod'];
  assert.deepEqual(pod['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Pod', version: 'v1' }]);
  const containers = doc.definitions['io.k8s.api.core.v1.PodSpec'].properties.containers;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].format, 'int-or-string');
  assert.equal(doc.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type'], 'atomic');
});

test('OpenAPI v2: paths for served resources, with the parameters kubectl checks', () => {
  const doc = new SchemaRegistry().openApiV2(BUILTIN_RESOURCES) as Json;
  const item = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
  assert.ok(item.get && item.put && item.patch && item.delete);
  assert.deepEqual(item.patch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
  assert.ok(item.patch.parameters.some((p: Json) => p.name === 'fieldValidation' && p.in === 'query'));
  assert.ok(item.patch.consumes.includes('application/strategic-merge-patch+json'));
  assert.ok(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].put);
  assert.ok(doc.paths['/api/v1/nodes/{name}'], 'cluster-scoped kinds have no namespace segment');
  assert.ok(doc.paths['/api/v1/pods'].get, 'list across namespaces');
  assert.equal(doc.paths['/api/v1/namespaces/{name}']?.patch?.operationId, 'patchCoreV1Namespace');
});

test('OpenAPI v3: index of group-versions with content hashes, one document each', () => {
  const r = new SchemaRegistry();
  const index = r.openApiV3Paths(BUILTIN_RESOURCES) as Json;
  assert.deepEqual(Object.keys(index.paths).sort(), [
    'api/v1', 'apis/apiextensions.k8s.io/v1', 'apis/apps/v1', 'apis/authentication.k8s.io/v1', 'apis/authorization.k8s.io/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1',
    'apis/events.k8s.io/v1', 'apis/policy/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/scheduling.k8s.io/v1', 'apis/storage.k8s.io/v1',
  ]);
  assert.match(index.paths['apis/apps/v1'].serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  const apps = r.openApiV3('apps', 'v1', BUILTIN_RESOURCES) as Json;
  assert.equal(apps.openapi, '3.0.0');
  for (const [where, ref] of refs(apps)) {
    assert.ok(apps.components.schemas[ref.slice('#/components/schemas/'.length)], `${where} -> ${ref}`);
  }
  assert.ok(Object.keys(apps.paths).every((p) => p.startsWith('/apis/apps/v1/')));
  assert.ok(apps.components.schemas['io.k8s.api.core.v1.PodSpec'], 'the closure reaches core types');
  const strategy = apps.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy;
  assert.equal(strategy.$ref ?? strategy.allOf?.[0].$ref, '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy');
  // kubectl explain prints a field's description and then its type's: they must not be the same text.
  assert.notEqual(strategy.description, apps.components.schemas['io.k8s.api.apps.v1.DeploymentStrategy'].description);
  const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
  assert.ok(patch.parameters.some((p: Json) => p.name === 'fieldValidation' && p.in === 'query' && p.schema.type === 'string'));
  assert.ok(patch.requestBody.content['application/apply-patch+yaml']);
});

test('documents are deterministic, and a CRD change shows in the index hash', () => {
  const a = new SchemaRegistry();
  const b = new SchemaRegistry();
  assert.equal(JSON.stringify(a.openApiV2(BUILTIN_RESOURCES)), JSON.stringify(b.openApiV2(BUILTIN_RESOURCES)));
  const before = (a.openApiV3Paths(BUILTIN_RESOURCES) as Json).paths;
  assert.deepEqual((b.openApiV3Paths(BUILTIN_RESOURCES) as Json).paths, before);

  const served = [...BUILTIN_RESOURCES, widgetResource];
  a.addCustomResource(widgetCrd);
  const index = (a.openApiV3Paths(served) as Json).paths;
  assert.equal(index['api/v1'].serverRelativeURL, before['api/v1'].serverRelativeURL);
  assert.ok(index['apis/stable.example.com/v1']);
  const first = index['apis/stable.example.com/v1'].serverRelativeURL;
  const changed = structuredClone(widgetCrd);
  changed.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.colour = { type: 'string' };
  a.addCustomResource(changed);
  assert.notEqual((a.openApiV3Paths(served) as Json).paths['apis/stable.example.com/v1'].serverRelativeURL, first);
});

test('custom resources appear in both documents under reversed-group names', () => {
  const r = new SchemaRegistry();
  r.addCustomResource(widgetCrd);
  const served = [...BUILTIN_RESOURCES, widgetResource];
  const v3 = r.openApiV3('stable.example.com', 'v1', served) as Json;
  const widget = v3.components.schemas['com.example.stable.v1.Widget'];
  assert.deepEqual(widget['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', kind: 'Widget', version: 'v1' }]);
  assert.equal(widget.properties.spec.nullable, true);
  for (const [where, ref] of refs(v3)) assert.ok(v3.components.schemas[ref.slice('#/components/schemas/'.length)], `${where} -> ${ref}`);
  assert.ok(v3.paths['/apis/stable.example.com/v1/namespaces/{namespace}/widgets/{name}'].patch);

  const v2 = r.openApiV2(served) as Json;
  assert.equal(v2.definitions['com.example.stable.v1.Widget'].properties.spec.nullable, undefined, 'Swagger 2.0 has no nullable');
  for (const [where, ref] of refs(v2)) assert.ok(v2.definitions[ref.slice('#/definitions/'.length)], `${where} -> ${ref}`);
});
