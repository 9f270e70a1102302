// Built-in objects decode into Go types in kube-apiserver: a value of the wrong JSON type is refused
// with the decoder's error before anything is stored. Messages as kube-apiserver words them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64Error, quantityError, timeError } from '../../../src/emulator/apiserver/schema/type-errors';
import { testServer, widgetCrd, type Reply, type TestServer } from './support';

const PODS = '/api/v1/namespaces/default/pods';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function pod(name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...spec } };
}

function assertBadRequest(res: Reply, message: string): void {
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.kind, 'Status');
  assert.equal(res.json.reason, 'BadRequest');
  assert.equal(res.json.code, 400);
  assert.equal(res.json.message, message);
}

describe('decoding built-in objects into their Go types', () => {
  let s: TestServer;
  before(async () => (s = await testServer()));
  after(async () => s.close());

  it('refuses ConfigMap data given as a string, and stores nothing', async () => {
    const res = await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-string' }, data: 'x' });
    assertBadRequest(res, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string');
    assert.equal((await s.call('GET', `${CONFIGMAPS}/cm-string`)).status, 404);
    const value = await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-number' }, data: { a: 1 } });
    assertBadRequest(value, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
  });

  it('refuses a container port given as a string or as a fraction', async () => {
    const str = await s.call('POST', PODS, pod('port-string', { ports: [{ containerPort: '80' }] }));
    assertBadRequest(str, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
    const frac = await s.call('POST', PODS, pod('port-frac', { ports: [{ containerPort: 1.5 }] }));
    assertBadRequest(frac, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
    const big = await s.call('POST', PODS, pod('port-big', { ports: [{ containerPort: 4294967296 }] }));
    assertBadRequest(big, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 4294967296 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
    assert.equal((await s.call('GET', `${PODS}/port-string`)).status, 404);
  });

  it('names structs, slices and named types as Go prints them', async () => {
    const spec = await s.call('POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'spec-array' }, spec: [] });
    assertBadRequest(spec, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec');
    const containers = await s.call('POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'containers-object' }, spec: { containers: {} } });
    assertBadRequest(containers, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container');
    const protocol = await s.call('POST', PODS, pod('protocol', { ports: [{ containerPort: 80, protocol: 6 }] }));
    assertBadRequest(protocol, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ContainerPort.spec.containers.ports.protocol of type v1.Protocol');
    const limits = await s.call('POST', PODS, pod('limits', { resources: { limits: 'x' } }));
    assertBadRequest(limits, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList');
    const labels = await s.call('POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'labels', labels: { a: true } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    assertBadRequest(labels, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string');
  });

  it('refuses a name or namespace of the wrong type as a decoding error, before the object is checked', async () => {
    const name = await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 7 } });
    assertBadRequest(name, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string');
    const namespace = await s.call('PUT', `${CONFIGMAPS}/x`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: ['default'] } });
    assertBadRequest(namespace, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.namespace of type string');
  });

  it('refuses Deployment replicas given as a string', async () => {
    const res = await s.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: '2', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    assertBadRequest(res, 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it('takes an int-or-string as a number or a string, and refuses a boolean', async () => {
    const service = (name: string, targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80, targetPort }] } });
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/services', service('by-number', 8080))).status, 201);
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/services', service('by-name', 'http'))).status, 201);
    const bad = await s.call('POST', '/api/v1/namespaces/default/services', service('by-bool', true));
    assertBadRequest(bad, 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go value of type int32');
    const frac = await s.call('POST', '/api/v1/namespaces/default/services', service('by-fraction', 80.5));
    assertBadRequest(frac, 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 80.5 into Go value of type int32');
  });

  it('refuses a quantity given as an object or in a bad form', async () => {
    const obj = await s.call('POST', PODS, pod('quantity-object', { resources: { limits: { cpu: { amount: 1 } } } }));
    assertBadRequest(obj, `Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_FORMAT}`);
    const suffix = await s.call('POST', PODS, pod('quantity-suffix', { resources: { requests: { memory: '1ki' } } }));
    assertBadRequest(suffix, "Pod in version \"v1\" cannot be handled as a Pod: unable to parse quantity's suffix");
    assert.equal((await s.call('POST', PODS, pod('quantity-number', { resources: { requests: { cpu: 0.5, memory: '64Mi' } } }))).status, 201);
  });

  it('refuses a timestamp that is not RFC 3339 (MicroTime: with six fraction digits)', async () => {
    const cm = (name: string, creationTimestamp: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, creationTimestamp } });
    assertBadRequest(await s.call('POST', CONFIGMAPS, cm('time-x', 'x')), 'ConfigMap in version "v1" cannot be handled as a ConfigMap: parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"');
    assertBadRequest(await s.call('POST', CONFIGMAPS, cm('time-number', 5)), 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go value of type string');
    assertBadRequest(await s.call('POST', CONFIGMAPS, cm('time-day', '2024-02-30T00:00:00Z')), 'ConfigMap in version "v1" cannot be handled as a ConfigMap: parsing time "2024-02-30T00:00:00Z": day out of range');
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      eventTime: '2024-01-01T00:00:00Z',
      reportingComponent: 'me',
      reportingInstance: 'me-1',
      action: 'Do',
      reason: 'Did',
    };
    assertBadRequest(
      await s.call('POST', '/api/v1/namespaces/default/events', event),
      'Event in version "v1" cannot be handled as a Event: parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
  });

  it('reports a timestamp error even after an earlier type error, as the decoder stops there', async () => {
    const res = await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', labels: 'a', creationTimestamp: 'soon' } });
    assertBadRequest(res, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse "soon" as "2006"');
    const first = await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', labels: 'a' }, data: 5 });
    assertBadRequest(first, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string');
  });

  it('refuses Secret data that is not base64', async () => {
    const secret = (name: string, data: unknown) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, data });
    assertBadRequest(await s.call('POST', '/api/v1/namespaces/default/secrets', secret('s1', { a: 'abc!' })), 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    assertBadRequest(await s.call('POST', '/api/v1/namespaces/default/secrets', secret('s2', { a: 'YWJj', b: 'YQ=' })), 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    assertBadRequest(await s.call('POST', '/api/v1/namespaces/default/secrets', secret('s3', { a: 5 })), 'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.data of type []uint8');
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/secrets', secret('s4', { a: 'YWJj\nZGVm' }))).status, 201);
  });

  it('accepts null wherever Go decodes it (an absent value)', async () => {
    const cm = await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nulls', labels: null, creationTimestamp: null }, data: null, binaryData: null });
    assert.equal(cm.status, 201, cm.text);
    const p = await s.call('POST', PODS, pod('nulls', { ports: null, resources: { limits: null }, env: null }, { priority: null, nodeSelector: null }));
    assert.equal(p.status, 201, p.text);
    const svc = await s.call('POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nulls' }, spec: { ports: [{ port: 80, targetPort: null }] } });
    assert.equal(svc.status, 201, svc.text);
  });

  it('checks types whatever fieldValidation says', async () => {
    const res = await s.call('POST', `${CONFIGMAPS}?fieldValidation=Ignore`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ignored' }, data: 'x' });
    assertBadRequest(res, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string');
    const update = await s.call('PUT', `${CONFIGMAPS}/nulls`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nulls' }, data: ['x'] });
    assertBadRequest(update, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string');
  });

  it('refuses a patch whose result does not decode (422 on patch, as the patch handler), leaving the object as it was', async () => {
    assert.equal((await s.call('POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { a: 'b' } })).status, 201);
    for (const [type, body] of [
      ['application/merge-patch+json', { data: 'x' }],
      ['application/json-patch+json', [{ op: 'replace', path: '/data', value: 'x' }]],
      ['application/strategic-merge-patch+json', { data: 'x' }],
    ] as const) {
      const res = await s.call('PATCH', `${CONFIGMAPS}/patched`, body, { 'content-type': type });
      assert.equal(res.status, 422, `${type}: ${res.text}`);
      assert.equal(res.json.reason, 'Invalid');
      assert.match(res.json.message, /^ "" is invalid: patch: Invalid value: "\{.*\\"data\\":\\"x\\".*\}": json: cannot unmarshal string into Go struct field ConfigMap\.data of type map\[string\]string$/);
      assert.equal(res.json.details.causes[0].field, 'patch');
    }
    assert.deepEqual((await s.call('GET', `${CONFIGMAPS}/patched`)).json.data, { a: 'b' });
  });

  it('refuses a server-side apply config of the wrong type with the decoding message', async () => {
    const res = await s.call('PATCH', `${CONFIGMAPS}/applied?fieldManager=me`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: 'x' }), {
      'content-type': 'application/apply-patch+yaml',
    });
    assertBadRequest(res, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string');
    assert.equal((await s.call('GET', `${CONFIGMAPS}/applied`)).status, 404);
  });

  it('checks the bodies of the binding, eviction and scale subresources too', async () => {
    assert.equal((await s.call('POST', PODS, pod('bound', {}))).status, 201);
    const binding = await s.call('POST', `${PODS}/bound/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 5 } });
    assertBadRequest(binding, 'Binding in version "v1" cannot be handled as a Binding: json: cannot unmarshal number into Go struct field ObjectReference.target.name of type string');
    const eviction = await s.call('POST', `${PODS}/bound/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'bound' }, deleteOptions: { gracePeriodSeconds: '0' } });
    assertBadRequest(eviction, 'Eviction in version "v1" cannot be handled as a Eviction: json: cannot unmarshal string into Go struct field DeleteOptions.deleteOptions.gracePeriodSeconds of type int64');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'scaled' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'scaled' } }, template: { metadata: { labels: { app: 'scaled' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    assert.equal((await s.call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment)).status, 201);
    const scale = '/apis/apps/v1/namespaces/default/deployments/scaled/scale';
    const put = await s.call('PUT', scale, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'scaled' }, spec: { replicas: '3' } });
    assertBadRequest(put, 'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32');
    const patch = await s.call('PATCH', scale, { spec: { replicas: '3' } });
    assert.equal(patch.status, 422, patch.text);
    assert.match(patch.json.message, /: json: cannot unmarshal string into Go struct field ScaleSpec\.spec\.replicas of type int32$/);
    assert.equal((await s.call('GET', scale)).json.spec.replicas, 1);
  });

  it('leaves custom resources out: their schemas are OpenAPI, not Go types', async () => {
    const crd = widgetCrd({ type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer' } } } } });
    assert.equal((await s.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    const res = await s.call('POST', '/apis/example.com/v1/namespaces/default/widgets', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { n: 'x' } });
    // The CRD's OpenAPI validation answers (422), not a Go decoding error made up for them.
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.details.causes[0].message, 'Invalid value: "string": spec.n in body must be of type integer: "string"');
    assert.doesNotMatch(res.text, /cannot be handled as|Go struct field/);
  });
});

describe('the decoders ported from Go', () => {
  it('time.Parse in RFC 3339', () => {
    const layout = '"2006-01-02T15:04:05Z07:00"';
    assert.equal(timeError('2024-01-01T00:00:00Z', false), undefined);
    assert.equal(timeError('2024-01-01T00:00:00.5+01:00', false), undefined);
    assert.equal(timeError('2024-02-29T23:59:59,123456789-23:30', false), undefined);
    assert.equal(timeError('2024-13-01T00:00:00Z', false), 'parsing time "2024-13-01T00:00:00Z": month out of range');
    assert.equal(timeError('2024-01-01T24:00:00Z', false), 'parsing time "2024-01-01T24:00:00Z": hour out of range');
    assert.equal(timeError('2023-02-29T00:00:00Z', false), 'parsing time "2023-02-29T00:00:00Z": day out of range');
    // The last days of months, on the fast path: each checked against its month and year.
    for (const ok of ['2026-11-29T04:00:00Z', '2026-11-30T04:00:00Z', '2026-12-31T23:59:59Z', '2024-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2026-01-31T00:00:00.123456Z']) {
      assert.equal(timeError(ok, false), undefined, ok);
    }
    assert.equal(timeError('2026-11-30T04:00:00.000000Z', true), undefined);
    for (const bad of ['2026-11-31T00:00:00Z', '2026-04-31T00:00:00Z', '1900-02-29T00:00:00Z', '2024-02-30T00:00:00Z']) {
      assert.equal(timeError(bad, false), `parsing time "${bad}": day out of range`);
    }
    assert.equal(timeError('2026-06-31T00:00:00.000000Z', true), 'parsing time "2026-06-31T00:00:00.000000Z": day out of range');
    assert.equal(timeError('2024-01-01 00:00:00Z', false), `parsing time "2024-01-01 00:00:00Z" as ${layout}: cannot parse " 00:00:00Z" as "T"`);
    assert.equal(timeError('2024-01-01T00:00:00', false), `parsing time "2024-01-01T00:00:00" as ${layout}: cannot parse "" as "Z07:00"`);
    assert.equal(timeError('2024-01-01T00:00:00+0100', false), `parsing time "2024-01-01T00:00:00+0100" as ${layout}: cannot parse "+0100" as "Z07:00"`);
    assert.equal(timeError('2024-01-01T00:00:00Zjunk', false), 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"');
    assert.equal(timeError('2024-1-01T00:00:00Z', false), `parsing time "2024-1-01T00:00:00Z" as ${layout}: cannot parse "1-01T00:00:00Z" as "01"`);
    assert.equal(timeError('', false), `parsing time "" as ${layout}: cannot parse "" as "2006"`);
    assert.equal(timeError('2024-01-01T00:00:00.123456Z', true), undefined);
    assert.equal(timeError('2024-01-01T00:00:00.123Z', true), 'parsing time "2024-01-01T00:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"');
  });

  it('ParseQuantity', () => {
    for (const ok of ['1', '0', '100m', '1.5Gi', '2e3', '-1', '+1k', '.5', '1.', '1E', '1e-3', 'Mi']) assert.equal(quantityError(ok), undefined, ok);
    assert.equal(quantityError(''), QUANTITY_FORMAT);
    assert.equal(quantityError('abc'), QUANTITY_FORMAT);
    assert.equal(quantityError('1 Gi'), QUANTITY_FORMAT);
    assert.equal(quantityError('1ki'), "unable to parse quantity's suffix");
    assert.equal(quantityError('1e'), "unable to parse quantity's suffix");
    assert.equal(quantityError('Ei'), 'unable to parse numeric part of quantity');
  });

  it('base64.StdEncoding.Decode', () => {
    for (const ok of ['', 'YQ==', 'YWI=', 'YWJj', 'YW\nJj', 'YQ=\r\n=']) assert.equal(base64Error(ok), undefined, JSON.stringify(ok));
    assert.equal(base64Error('Y'), 0);
    assert.equal(base64Error('YQ'), 0);
    assert.equal(base64Error('YQ='), 3);
    assert.equal(base64Error('YQ==YQ=='), 4);
    assert.equal(base64Error('Y==='), 1);
    assert.equal(base64Error('YWJj!'), 4);
  });
});
