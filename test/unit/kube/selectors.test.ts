import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFromSpec, matchesLabels, parseLabelSelector } from '../../../src/kube/selectors';

test('a metav1.LabelSelector selects by matchLabels and every matchExpressions operator', () => {
  const sel = labelSelectorFromSpec({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['front', 'edge'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'team', operator: 'Exists' },
      { key: 'zone', operator: 'NotIn', values: ['a'] },
    ],
  });
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'front', team: 'x', zone: 'b' }), true);
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'front', team: 'x', zone: 'a' }), false);
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'front', team: 'x', canary: '1' }), false);
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'back', team: 'x' }), false);
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'front' }), false);
});

test('an unknown operator selects nothing, as a selector kube cannot convert', () => {
  const sel = labelSelectorFromSpec({ matchExpressions: [{ key: 'app', operator: 'Matches' as never, values: ['web'] }] });
  assert.equal(matchesLabels(sel, { app: 'web' }), false);
  assert.equal(matchesLabels(sel, {}), false);
});

test('labels: null selects like no labels instead of throwing', () => {
  assert.equal(matchesLabels(labelSelectorFromSpec({ matchLabels: { app: 'web' } }), null), false);
  assert.equal(matchesLabels(parseLabelSelector('!canary'), null), true);
});
