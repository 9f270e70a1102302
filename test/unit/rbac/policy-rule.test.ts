import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Attributes } from '../../../src/emulator/apiserver/auth/attributes';
import { ruleAllows } from '../../../src/emulator/apiserver/auth/policy-rule';

const pods = (verb: string, extra: Partial<Attributes> = {}): Attributes => ({ isResource: true, verb, group: '', version: 'v1', resource: 'pods', namespace: 'dev', ...extra }) as Attributes;

test('verbs, groups and resources must all match; * matches any', () => {
  const read = { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] };
  assert.equal(ruleAllows(read, pods('list')), true);
  assert.equal(ruleAllows(read, pods('delete')), false);
  assert.equal(ruleAllows(read, pods('list', { group: 'apps', resource: 'pods' })), false);
  assert.equal(ruleAllows(read, pods('list', { resource: 'secrets' })), false);
  assert.equal(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, pods('deletecollection', { group: 'apps', resource: 'deployments' })), true);
});

test('a subresource needs its own rule: pods does not grant pods/log, pods/log and */log do', () => {
  const log = pods('get', { subresource: 'log', name: 'web' });
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, log), false);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, log), true);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }, log), true);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }, log), false);
});

test('resourceNames limit a rule to named objects, so a list without a name is not allowed', () => {
  const one = { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] };
  assert.equal(ruleAllows(one, pods('get', { resource: 'configmaps', name: 'settings' })), true);
  assert.equal(ruleAllows(one, pods('get', { resource: 'configmaps', name: 'other' })), false);
  assert.equal(ruleAllows(one, pods('list', { resource: 'configmaps' })), false);
});

test('nonResourceURLs match exactly or by a trailing * prefix, and never resource requests', () => {
  const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
  assert.equal(ruleAllows(rule, { isResource: false, verb: 'get', path: '/healthz' }), true);
  assert.equal(ruleAllows(rule, { isResource: false, verb: 'get', path: '/healthz/etcd' }), false);
  assert.equal(ruleAllows(rule, { isResource: false, verb: 'get', path: '/apis/apps/v1' }), true);
  assert.equal(ruleAllows(rule, { isResource: false, verb: 'post', path: '/healthz' }), false);
  assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { isResource: false, verb: 'get', path: '/api' }), false);
});
