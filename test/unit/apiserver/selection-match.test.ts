// A field selector reads the selectable fields a stored value keeps, and parses values that
// keep none (read back from the WAL or a snapshot): both must give the same answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldIndexerOf, selectionFromQuery } from '../../../src/emulator/apiserver/field-selectors';
import { ResourceRegistry, storagePrefix } from '../../../src/emulator/apiserver/registry';
import { valueMatcher } from '../../../src/emulator/apiserver/selection-match';
import { storedValue } from '../../../src/emulator/store/stored-object';

describe('selection on kept field values', () => {
  const pods = new ResourceRegistry().lookup('', 'v1', 'pods')!;
  const fieldsOf = fieldIndexerOf(pods)!;
  const pod = (ns: string, name: string, nodeName: string | undefined, phase: string, labels?: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, resourceVersion: '5', ...(labels ? { labels } : {}) },
    spec: { ...(nodeName ? { nodeName } : {}), restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase },
  });
  const objects = [
    pod('default', 'a', 'n1', 'Running', { app: 'web', tier: 'front' }),
    pod('default', 'b', undefined, 'Pending'),
    pod('team', 'c', 'n1', 'Succeeded', { app: 'db' }),
    pod('team', 'd', 'n2', 'Running', { app: 'web', env: 'prod' }),
  ];
  const cases: [string, string][] = [
    ['status.phase=Running', ''],
    ['spec.nodeName=n1,status.phase!=Succeeded', ''],
    ['spec.nodeName=', ''],
    ['metadata.namespace=team,spec.nodeName!=n2', ''],
    ['metadata.name=b,spec.hostNetwork=false', ''],
    ['', 'app=web'],
    ['', 'app in (web,db),env notin (prod)'],
    ['', '!app'],
    ['', 'tier'],
    ['status.phase=Running', 'app=web,env!=prod'],
    ['metadata.namespace=default', 'app'],
  ];

  for (const [fieldSelector, labelSelector] of cases) {
    it(`answers fields "${fieldSelector}" labels "${labelSelector}" alike with and without kept values, in a namespace and across them`, () => {
      const selection = selectionFromQuery(pods, new URLSearchParams({ fieldSelector, labelSelector }));
      const selector = `${fieldSelector} ${labelSelector}`;
      assert.ok(selection.matchesFieldValues, 'the selector reads kept fields');
      for (const namespace of [undefined, 'default', 'team']) {
        const prefix = storagePrefix(pods, namespace);
        const matches = valueMatcher(pods, namespace, prefix, selection);
        for (const o of objects.filter((x) => namespace === undefined || x.metadata.namespace === namespace)) {
          const key = `${storagePrefix(pods, o.metadata.namespace)}${o.metadata.name}`;
          const json = JSON.stringify(o);
          const kept = storedValue(key, json, 5, 5, fieldsOf(o));
          const parsed = storedValue(key, json, 5, 5);
          assert.equal(parsed.fields, undefined);
          assert.equal(matches(kept), selection.matches(o), `${selector} ${key} with fields`);
          assert.equal(matches(parsed), selection.matches(o), `${selector} ${key} parsed`);
        }
      }
    });
  }

  it('parses for kinds that keep nothing', () => {
    const events = new ResourceRegistry().lookup('', 'v1', 'events')!;
    assert.equal(fieldIndexerOf(events), undefined);
    assert.equal(selectionFromQuery(events, new URLSearchParams({ fieldSelector: 'reason=Started' })).matchesFieldValues, undefined);
  });
});
