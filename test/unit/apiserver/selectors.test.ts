import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSelectorFromSpec, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorParseError } from '../../../src/kube/selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=back', false],
    ['tier in (front, back)', true],
    ['tier notin (front)', false],
    ['app', true],
    ['!app', false],
    ['!legacy', true],
    ['version>2', true],
    ['version<3', false],
    ['missing!=x', true],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}" ${expected ? 'matches' : 'does not match'}`, () => assert.equal(matchesLabels(parseLabelSelector(text), labels), expected));
  }

  it('rejects malformed selectors', () => {
    for (const bad of ['app=we b', 'a b c', '=x', 'app in (a', 'x>y']) assert.throws(() => parseLabelSelector(bad), SelectorParseError, bad);
  });

  it('converts matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromSpec({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }, { key: 'legacy', operator: 'DoesNotExist' }] });
    assert.equal(matchesLabels(sel, labels), true);
    assert.equal(matchesLabels(sel, { ...labels, legacy: 'y' }), false);
  });
});

describe('field selectors', () => {
  it('parses = == != and escapes', () => {
    assert.deepEqual(parseFieldSelector('spec.nodeName=whale1,status.phase!=Running,metadata.name==a\\,b'), [
      { field: 'spec.nodeName', operator: '=', value: 'whale1' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
      { field: 'metadata.name', operator: '=', value: 'a,b' },
    ]);
  });
  it('matches a field set, treating missing fields as empty', () => {
    const sel = parseFieldSelector('spec.nodeName=,status.phase=Pending');
    assert.equal(matchesFields(sel, { 'status.phase': 'Pending' }), true);
    assert.equal(matchesFields(sel, { 'spec.nodeName': 'n1', 'status.phase': 'Pending' }), false);
  });
  it('rejects a requirement without an operator', () => assert.throws(() => parseFieldSelector('spec.nodeName'), SelectorParseError));
});
