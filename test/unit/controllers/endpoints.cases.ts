import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { EndpointsController } from '../../../src/emulator/controllers/endpoints/endpoints-controller';
import { EndpointSliceController } from '../../../src/emulator/controllers/endpoints/endpointslice-controller';
import { eventually, makeReady, startHarness } from './harness';

const pod = (name: string, app: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app } },
  spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
});

test('Endpoints and EndpointSlices list ready pods of a Service selector, resolving named target ports', async () => {
  const h = await startHarness((ctx) => [new EndpointsController(ctx), new EndpointSliceController(ctx)]);
  try {
    const podsRef = { ...R.pods, namespace: 'default' };
    const a = await h.client.create(podsRef, pod('a', 'web'));
    const b = await h.client.create(podsRef, pod('b', 'web'));
    await h.client.create(podsRef, pod('other', 'db'));
    await h.client.create({ ...R.services, namespace: 'default' }, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    await makeReady(h.client, a);
    const ep = await eventually(async () => {
      const e = await h.client.get({ ...R.endpoints, namespace: 'default', name: 'web' });
      return e.subsets?.[0]?.addresses?.length === 1 ? e : undefined;
    }, 'one ready address');
    assert.equal(ep.subsets[0].addresses[0].targetRef.name, 'a');
    assert.deepEqual(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    await makeReady(h.client, b);
    await eventually(async () => (await h.client.get({ ...R.endpoints, namespace: 'default', name: 'web' })).subsets?.[0]?.addresses?.length === 2, 'two addresses');
    const slice = await eventually(async () => {
      const s = (await h.client.list({ ...R.endpointSlices, namespace: 'default' }, { labelSelector: 'kubernetes.io/service-name=web' })).items;
      return s.length === 1 && s[0]!.endpoints?.length === 2 ? s[0] : undefined;
    }, 'slice with two endpoints');
    assert.match(slice.metadata.name!, /^web-[a-z0-9]{5}$/);
    assert.equal(slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.ok(slice.endpoints.every((e: { conditions: { ready: boolean } }) => e.conditions.ready));
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    await h.client.delete({ ...podsRef, name: 'a' });
    await eventually(async () => (await h.client.get({ ...R.endpoints, namespace: 'default', name: 'web' })).subsets?.[0]?.addresses?.length === 1, 'deleted pod leaves');
  } finally {
    await h.stop();
  }
});
