import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { podYaml, yamlScalar } from '../../../src/vscode/pod-yaml.js';
import { pod } from '../cluster/fixtures/seed-cluster.js';

test('a pod\'s YAML reads back as the same object, without managedFields or credentials', () => {
  const p: any = pod('default', 'web-0', 'whale2');
  p.metadata.managedFields = [{ manager: 'kubectl', operation: 'Apply' }];
  p.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"token":"abc"}';
  p.spec.containers[0].env.push({ name: 'MODE', value: 'yes' }, { name: 'MULTI', value: 'a\nb: c' });
  const text = podYaml(p);
  assert.match(text, /^apiVersion: v1\nkind: Pod\nmetadata:\n {2}name: web-0\n/);
  assert.doesNotMatch(text, /managedFields|last-applied|hunter2/);
  const back = parse(text);
  assert.equal(back.spec.containers[0].env[0].value, '<redacted by Cluster Anatomy>');
  assert.equal(back.spec.containers[0].env[1].value, 'yes', 'ambiguous scalars stay strings');
  assert.equal(back.spec.containers[0].env[2].value, 'a\nb: c');
  delete p.metadata.managedFields;
  delete p.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  p.spec.containers[0].env[0].value = '<redacted by Cluster Anatomy>';
  assert.deepEqual(back, p);
});

test('scalars are quoted only when YAML would read them as something else', () => {
  assert.equal(yamlScalar('nginx:1.25'), 'nginx:1.25');
  assert.equal(yamlScalar('true'), '"true"');
  assert.equal(yamlScalar('0755'), '"0755"');
  assert.equal(yamlScalar(''), '""');
  assert.equal(yamlScalar('- x'), '"- x"');
  assert.equal(yamlScalar(3), '3');
});
