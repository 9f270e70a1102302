import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from './support';

test('/openapi/v2 answers client-go\'s protobuf Accept with the real document, cached by ETag', async () => {
  const s = await testServer();
  try {
    const accept = { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' };
    const res = await s.api.handle({ method: 'GET', path: '/openapi/v2', query: new URLSearchParams(), headers: accept });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const body = Buffer.isBuffer(res.body) ? res.body : Buffer.from(String(res.body));
    // gnostic Document: field 1 is `swagger` ("2.0"); the definitions carry every served kind.
    assert.deepEqual([...body.subarray(0, 5)], [0x0a, 0x03, 0x32, 0x2e, 0x30]);
    assert.ok(body.includes('io.k8s.api.apps.v1.DeploymentSpec'));
    assert.ok(body.includes('x-kubernetes-group-version-kind'));
    const again = await s.api.handle({ method: 'GET', path: '/openapi/v2', query: new URLSearchParams(), headers: { ...accept, 'if-none-match': res.headers.etag } });
    assert.equal(again.status, 304);
  } finally {
    await s.close();
  }
});
