import { seededRandom } from '../../../src/kube/seeded-random';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableColumns, tableRow, type PrintableResource } from '../../../src/emulator/apiserver/tables/index';
import { BUILTIN_RESOURCES } from '../../../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../../../src/kube/object';


function junk(rnd: () => number, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => null, () => 42, () => -1.5, () => 'text', () => '', () => true, () => '2026-01-01T00:00:00Z',
    () => (depth > 3 ? [] : [junk(rnd, depth + 1), junk(rnd, depth + 1)]),
    () => (depth > 3 ? {} : { name: junk(rnd, depth + 1), type: 'Ready', status: junk(rnd, depth + 1), state: junk(rnd, depth + 1) }),
  ];
  return choices[Math.floor(rnd() * choices.length)]();
}

/** Replaces values at random places of a well-formed object with junk. */
function mutate(value: unknown, rnd: () => number): unknown {
  if (rnd() < 0.15) return junk(rnd);
  if (Array.isArray(value)) return value.map((v) => mutate(v, rnd));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mutate(v, rnd)]));
  return value;
}

const skeleton = {
  metadata: { name: 'x', creationTimestamp: '2026-01-01T00:00:00Z', labels: { a: 'b' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'r', controller: true }], deletionTimestamp: null },
  spec: {
    containers: [{ name: 'c', image: 'i' }], initContainers: [{ name: 'i', restartPolicy: 'Always' }], readinessGates: [{ conditionType: 'x' }],
    selector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] },
    template: { spec: { containers: [{ name: 'c', image: 'i' }], nodeSelector: { a: 'b' } } },
    jobTemplate: { spec: { template: { spec: { containers: [] } } } }, ports: [{ port: 80, nodePort: 30000 }], type: 'LoadBalancer',
    capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], claimRef: { namespace: 'n', name: 'c' }, replicas: 3, completions: 1,
  },
  status: {
    conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', state: { waiting: { reason: 'X' } }, lastState: { terminated: { finishedAt: 'x' } } }],
    initContainerStatuses: [{ name: 'i', state: { terminated: { exitCode: 1 } } }], addresses: [{ type: 'InternalIP', address: '1.2.3.4' }],
    nodeInfo: { kubeletVersion: 'v1' }, loadBalancer: { ingress: [{ ip: '1.1.1.1' }] }, startTime: '2026-01-01T00:00:00Z', active: [{}],
  },
  subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], endpoints: [{ addresses: ['10.0.0.1'] }], subjects: [{ kind: 'User', name: 'u' }],
  roleRef: { kind: 'Role', name: 'r' }, involvedObject: { kind: 'Pod', name: 'p' }, series: { count: 2 }, data: { a: 'b' },
};

test('no printer throws on malformed objects, and every row matches its columns', () => {
  const custom: PrintableResource = {
    group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget', namespaced: true, verbs: ['list'],
    additionalPrinterColumns: [
      { name: 'A', type: 'integer', jsonPath: '.spec.replicas' }, { name: 'B', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'C', type: 'date', jsonPath: '.status.startTime' }, { name: 'D', type: 'boolean', jsonPath: '.spec.x[*].y' }, { name: 'E', type: 'string', jsonPath: 'not a path[' },
    ],
  };
  const rnd = seededRandom(7);
  for (const r of [...BUILTIN_RESOURCES, custom]) {
    const columns = tableColumns(r).length;
    for (let i = 0; i < 200; i++) {
      const obj = mutate(skeleton, rnd) as KubeObject;
      const row = tableRow(r, obj, Date.parse('2026-06-01T00:00:00Z'));
      assert.equal(row.cells.length, columns, `${r.group}/${r.kind}`);
    }
  }
});
