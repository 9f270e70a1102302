import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from './support';

const statefulSet = (mount: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres', volumeMounts: [{ name: mount, mountPath: '/var/lib/postgresql' }] }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
});

test('a StatefulSet may mount its volumeClaimTemplates; a mount of no volume at all is still invalid', async () => {
  const s = await testServer();
  try {
    const ok = await s.call('POST', '/apis/apps/v1/namespaces/default/statefulsets', statefulSet('data'));
    assert.equal(ok.status, 201, ok.text);
    const bad = await s.call('POST', '/apis/apps/v1/namespaces/default/statefulsets', { ...statefulSet('nope'), metadata: { name: 'db2' } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.details.causes.map((c: any) => c.field), ['spec.template.spec.containers[0].volumeMounts[0].name']);
  } finally {
    await s.close();
  }
});
