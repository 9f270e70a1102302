import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from './support';

test('server-side apply of a config with an undeclared field is a 400 BadRequest, not a 500', async () => {
  const s = await testServer();
  try {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, dataBogus: { a: 'b' } });
    const res = await s.call('PATCH', '/api/v1/namespaces/default/configmaps/c?fieldManager=me&fieldValidation=Ignore', body, { 'content-type': 'application/apply-patch+yaml' });
    assert.equal(res.status, 400);
    assert.equal(res.json.reason, 'BadRequest');
    assert.match(res.json.message, /failed to create typed patch object \(default\/c; \/v1, Kind=ConfigMap\): \.dataBogus: field not declared in schema/);
  } finally {
    await s.close();
  }
});
