// Request paths -> RequestInfo, as kube-apiserver reads them: segments split on "/", empty
// ones dropped, each %-decoded (a bad escape leaves the whole path undecoded).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequestInfo } from '../../../src/emulator/apiserver/routing';

const q = (s = '') => new URLSearchParams(s);

describe('parseRequestInfo', () => {
  it('reads resource requests, namespaced and not, with subresources', () => {
    assert.deepEqual(parseRequestInfo('POST', '/api/v1/namespaces/ns-1/pods', q()), { isResource: true, verb: 'create', group: '', version: 'v1', namespace: 'ns-1', resource: 'pods', name: undefined, subresource: undefined });
    assert.deepEqual(parseRequestInfo('PATCH', '/api/v1/namespaces/ns-1/pods/web-1/status', q()), { isResource: true, verb: 'patch', group: '', version: 'v1', namespace: 'ns-1', resource: 'pods', name: 'web-1', subresource: 'status' });
    assert.deepEqual(parseRequestInfo('GET', '/apis/apps/v1/deployments', q('watch=1')), { isResource: true, verb: 'watch', group: 'apps', version: 'v1', namespace: undefined, resource: 'deployments', name: undefined, subresource: undefined });
    assert.deepEqual(parseRequestInfo('PUT', '/api/v1/namespaces/ns-1/finalize', q()), { isResource: true, verb: 'update', group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: 'ns-1', subresource: 'finalize' });
  });

  it('drops empty segments and decodes escapes per segment', () => {
    const info = parseRequestInfo('GET', '//api//v1/namespaces/a%2Fb/configmaps/c%20d/', q());
    assert.deepEqual(info, { isResource: true, verb: 'get', group: '', version: 'v1', namespace: 'a/b', resource: 'configmaps', name: 'c d', subresource: undefined });
  });

  it('keeps a path with a bad escape undecoded', () => {
    const info = parseRequestInfo('GET', '/api/v1/namespaces/a%zz/pods/p%20q', q());
    assert.deepEqual(info, { isResource: true, verb: 'get', group: '', version: 'v1', namespace: 'a%zz', resource: 'pods', name: 'p%20q', subresource: undefined });
  });

  it('passes other paths through as non-resource requests with their segments', () => {
    assert.deepEqual(parseRequestInfo('GET', '/', q()), { isResource: false, path: '/', parts: [] });
    assert.deepEqual(parseRequestInfo('GET', '/readyz/etcd%20x', q()), { isResource: false, path: '/readyz/etcd%20x', parts: ['readyz', 'etcd x'] });
    assert.deepEqual(parseRequestInfo('GET', '/api/v1', q()), { isResource: false, path: '/api/v1', parts: ['api', 'v1'] });
  });
});
