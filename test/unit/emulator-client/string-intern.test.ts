import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringInterner } from '../../../src/emulator/client/string-intern';

const pod = (i: number) => ({
  metadata: { name: `web-${i}`, uid: `0b8f6c1e-${String(i).padStart(4, '0')}-4d4b-9806-4f3159a0ce66`, creationTimestamp: '2026-11-28T10:47:58Z', labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'app', image: 'registry.example/web:1.2.3', volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    nodeName: null,
  },
  status: { conditions: [{ type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null }], podIPs: [{ ip: `10.244.${i % 250}.${i % 7}` }] },
});

test('interning leaves every parsed object deep-equal to what was parsed', () => {
  const interner = new StringInterner(64);
  for (let i = 0; i < 500; i++) {
    const parsed = JSON.parse(JSON.stringify(pod(i)));
    assert.deepEqual(interner.internValues(parsed), pod(i));
  }
});

test('the table stays bounded by two generations however many distinct strings pass', () => {
  const interner = new StringInterner(100);
  for (let i = 0; i < 5_000; i++) interner.internValues(JSON.parse(JSON.stringify(pod(i))));
  assert.ok(interner.size <= 200, `table holds ${interner.size} strings`);
  assert.ok(interner.size > 0);
});

test('strings V8 already shares (short) or rarely repeats (long) are not kept', () => {
  const interner = new StringInterner(100);
  interner.internValues({ a: 'short', b: 'x'.repeat(200), c: ['tiny', { d: 'y'.repeat(500) }] });
  assert.equal(interner.size, 0);
  interner.internValues({ a: '2026-11-28T10:47:58Z' });
  assert.equal(interner.size, 1);
});
