// After an apply, what it changed lights up for a few seconds: the objects' pods in the
// diagram (outlined) and the tree ("applied just now"), including pods that appear later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../../src/cluster/emitter.js';
import type { ChangeSet } from '../../../src/cluster/model.js';
import { projectPod } from '../../../src/cluster/projections.js';
import { FakeClock } from '../../../src/kube/clock.js';
import type { ApplyReport, ObjectApplyResult } from '../../../src/manifests/apply-all.js';
import { APPLIED_DESCRIPTION, AppliedHighlighter } from '../../../src/vscode/manifests/applied-highlighter.js';
import { APPLIED_HIGHLIGHT_MS, podComesFrom } from '../../../src/vscode/manifests/applied-marks.js';
import { pod } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';

test('the pods an applied object leads to are recognised by owner kind and the names controllers give them', () => {
  const web = { kind: 'Deployment', namespace: 'default', name: 'web' };
  assert.ok(podComesFrom(web, { namespace: 'default', name: 'web-7d9c5b8f6d-x2k4q', ownerKind: 'ReplicaSet' }));
  assert.ok(!podComesFrom(web, { namespace: 'team', name: 'web-7d9c5b8f6d-x2k4q', ownerKind: 'ReplicaSet' }), 'another namespace');
  assert.ok(!podComesFrom(web, { namespace: 'default', name: 'web-api-7d9c5b8f6d-x2k4q', ownerKind: 'Job' }), 'another owner kind');
  assert.ok(!podComesFrom(web, { namespace: 'default', name: 'webshop-7d9c5b8f6d-x2k4q', ownerKind: 'ReplicaSet' }), 'a longer name');
  assert.ok(podComesFrom({ kind: 'StatefulSet', namespace: 'db', name: 'pg' }, { namespace: 'db', name: 'pg-2', ownerKind: 'StatefulSet' }));
  assert.ok(podComesFrom({ kind: 'Job', namespace: 'default', name: 'pi' }, { namespace: 'default', name: 'pi-8xk2p', ownerKind: 'Job' }));
  assert.ok(podComesFrom({ kind: 'CronJob', namespace: 'default', name: 'nightly' }, { namespace: 'default', name: 'nightly-29012345-abcde', ownerKind: 'Job' }));
  assert.ok(podComesFrom({ kind: 'Pod', namespace: 'default', name: 'solo' }, { namespace: 'default', name: 'solo' }));
  assert.ok(!podComesFrom({ kind: 'Service', namespace: 'default', name: 'web' }, { namespace: 'default', name: 'web-7d9c5b8f6d-x2k4q', ownerKind: 'ReplicaSet' }), 'a Service makes no pods');
});

test('with the controlling owner known, pods are matched by their owner, whatever their names', () => {
  const pr = (name: string, kind?: string, owner?: string) => ({ namespace: 'default', name, ownerKind: kind, scheduling: owner && kind ? { controller: { kind, name: owner } } : {} });
  const long = 'a-deployment-name-long-enough-that-its-pod-names-are-truncated-x';
  // generateName keeps 58 characters of `<rs>-`, so the pod name no longer shows the Deployment's shape.
  assert.ok(podComesFrom({ kind: 'Deployment', namespace: 'default', name: long }, pr(`${long}-7d9c5b8f6d`.slice(0, 58) + 'x2k4q', 'ReplicaSet', `${long}-7d9c5b8f6d`)));
  assert.ok(!podComesFrom({ kind: 'Deployment', namespace: 'default', name: 'web' }, pr('web-7d9c5b8f6d-x2k4q', 'ReplicaSet', 'webshop-7d9c5b8f6d')), "another Deployment's ReplicaSet");
  assert.ok(podComesFrom({ kind: 'ReplicaSet', namespace: 'default', name: 'rs' }, pr('anything', 'ReplicaSet', 'rs')));
  assert.ok(!podComesFrom({ kind: 'ReplicaSet', namespace: 'default', name: 'rs' }, pr('rs-abcde', 'ReplicaSet', 'rs2')), 'another ReplicaSet');
  assert.ok(podComesFrom({ kind: 'CronJob', namespace: 'default', name: 'nightly' }, pr('nightly-29012345-abcde', 'Job', 'nightly-29012345')));
  assert.ok(!podComesFrom({ kind: 'Job', namespace: 'default', name: 'nightly' }, pr('nightly-29012345-abcde', 'Job', 'nightly-29012345')), "a CronJob's Job is not the Job named like the CronJob");
  assert.ok(podComesFrom({ kind: 'Pod', namespace: 'default', name: 'solo' }, pr('solo')));
  assert.ok(!podComesFrom({ kind: 'Pod', namespace: 'default', name: 'solo' }, pr('solo', 'ReplicaSet', 'solo')), 'a controller pod is not the bare Pod of its name');
});

function report(results: { kind: string; name: string; outcome: ObjectApplyResult['outcome'] }[]): ApplyReport {
  return {
    results: results.map((r) => ({ outcome: r.outcome, entry: { ref: { group: '', version: 'v1', kind: r.kind, plural: `${r.kind.toLowerCase()}s`, namespace: 'default', name: r.name } } }) as unknown as ObjectApplyResult),
    complete: true,
    cancelled: false,
    problems: [],
  };
}

test('an applied Deployment lights its pods, new replicas join while lit, and after 10 s the light goes out', () => {
  const clock = new FakeClock();
  const model = seedModel();
  const modelChanged = new Emitter<ChangeSet>();
  model.onDidChange((c) => modelChanged.fire(c));
  const outlined: string[][] = [];
  const h = new AppliedHighlighter({ clock, model: () => model, onDidChangeModel: modelChanged.event, highlight: (ids) => outlined.push(ids) });
  const treeRefreshes: string[][] = [];
  h.onDidChange((keys) => treeRefreshes.push(keys));
  model.applyPod('ADDED', projectPod(pod('default', 'web-5f8d-aaaaa', 'whale2', { owner: 'ReplicaSet', ownerName: 'web-5f8d' })));
  model.flush();
  // Nothing lit before an apply, and an "unchanged" apply lights nothing either.
  h.applied(report([{ kind: 'Deployment', name: 'web', outcome: 'unchanged' }]));
  assert.deepEqual([outlined, h.describe('default/web-5f8d-aaaaa')], [[], undefined]);

  h.applied(report([{ kind: 'Deployment', name: 'web', outcome: 'configured' }, { kind: 'Service', name: 'web', outcome: 'created' }]));
  assert.deepEqual(outlined.at(-1), ['pod:default/web-5f8d-aaaaa']);
  assert.equal(h.describe('default/web-5f8d-aaaaa'), APPLIED_DESCRIPTION);
  assert.equal(h.describe('kube-system/kube-proxy-t4dmt'), undefined);

  clock.advance(3_000);
  model.applyPod('ADDED', projectPod(pod('default', 'web-5f8d-bbbbb', undefined, { owner: 'ReplicaSet', ownerName: 'web-5f8d', phase: 'Pending' })));
  model.applyPod('ADDED', projectPod(pod('default', 'other-1', 'whale3')));
  model.flush();
  assert.deepEqual(outlined.at(-1), ['pod:default/web-5f8d-aaaaa', 'pod:default/web-5f8d-bbbbb']);
  assert.deepEqual(treeRefreshes.at(-1), ['default/web-5f8d-bbbbb']);

  clock.advance(APPLIED_HIGHLIGHT_MS - 3_000);
  assert.deepEqual(outlined.at(-1), []);
  assert.equal(h.describe('default/web-5f8d-aaaaa'), undefined);
  assert.deepEqual(new Set(treeRefreshes.at(-1)), new Set(['default/web-5f8d-aaaaa', 'default/web-5f8d-bbbbb']));
  // A pod arriving after the light went out is not flagged.
  model.applyPod('ADDED', projectPod(pod('default', 'web-5f8d-ccccc', 'whale3', { owner: 'ReplicaSet', ownerName: 'web-5f8d' })));
  model.flush();
  assert.equal(h.describe('default/web-5f8d-ccccc'), undefined);
  h.dispose();
});
