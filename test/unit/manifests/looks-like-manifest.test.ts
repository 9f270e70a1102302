import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeManifest } from '../../../src/manifests/looks-like-manifest';

test('YAML and JSON manifests are recognised; other YAML and JSON are not', () => {
  assert.equal(looksLikeManifest('# app\napiVersion: v1\nkind: ConfigMap\n'), true);
  assert.equal(looksLikeManifest('---\nkind: Pod\napiVersion: v1\n'), true);
  assert.equal(looksLikeManifest('{"apiVersion": "v1", "kind": "List", "items": []}'), true);
  assert.equal(looksLikeManifest('name: CI\non: push\njobs: {}\n'), false);
  assert.equal(looksLikeManifest('spec:\n  apiVersion: v1\n  kind: Pod\n'), false);
  assert.equal(looksLikeManifest('{"name": "pkg", "version": "1.0.0"}'), false);
  assert.equal(looksLikeManifest(''), false);
});
