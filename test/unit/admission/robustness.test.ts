// The API server must answer 422, never crash, whatever JSON a client sends: admission is fed
// seeded random mutations of valid objects of every built-in kind and must not throw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults, validate } from '../../../src/emulator/apiserver/admission/index';
import { BUILTIN_RESOURCES } from '../../../src/emulator/apiserver/resource-type';
import type { KubeObject } from '../../../src/kube/object';
import { deployment, pod } from './helpers';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e300, '', 'x', '1Gi', '%', [], [null], [1, 'a'], {}, { a: null }, true, 'None', '*/0 * * * *'];

/** Replaces one random node of the JSON tree with an odd value. */
function mutate(value: unknown, rand: () => number, depth = 0): unknown {
  if (depth > 0 && rand() < 0.25) return ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)];
  if (Array.isArray(value)) {
    if (value.length === 0) return [ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)]];
    const i = Math.floor(rand() * value.length);
    const copy = [...value];
    copy[i] = mutate(copy[i], rand, depth + 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const k = keys.length === 0 || rand() < 0.1 ? `f${Math.floor(rand() * 5)}` : keys[Math.floor(rand() * keys.length)];
    copy[k] = mutate(copy[k], rand, depth + 1);
    return copy;
  }
  return ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)];
}

const SEEDS: KubeObject[] = [
  pod('web', { resources: { limits: { cpu: '1' } }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }], tolerations: [{ key: 'a', operator: 'Exists' }], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }] } } }, volumes: [{ name: 'v', emptyDir: {} }] }),
  deployment(undefined, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } }, updateStrategy: { type: 'RollingUpdate' } }),
  { metadata: { name: 'svc', namespace: 'default' }, spec: { ports: [{ port: 80, targetPort: 'http' }], selector: { a: 'b' }, clusterIP: '10.0.0.1' } },
  { metadata: { name: 'cj', namespace: 'default' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }] } } } } } },
  { metadata: { name: 'x', namespace: 'default', labels: { a: 'b' }, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }] }, data: { k: 'v' }, rules: [{ verbs: ['get'] }], roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }] },
];

test('admission never throws on malformed objects of any kind', () => {
  const rand = prng(Number(process.env.FUZZ_SEED ?? 42));
  let runs = 0;
  let shapeless = 0;
  for (const r of BUILTIN_RESOURCES) {
    for (const seed of SEEDS) {
      for (let i = 0; i < Number(process.env.FUZZ_ROUNDS ?? 40); i++) {
        let obj = structuredClone(seed) as unknown;
        for (let m = 0; m < 3; m++) obj = mutate(obj, rand);
        const candidate = obj as KubeObject;
        const old = structuredClone(seed);
        assert.doesNotThrow(() => {
          applyDefaults(r, candidate, { operation: i % 2 === 0 ? 'CREATE' : 'UPDATE' });
          const causes = [...validate(r, candidate, i % 2 === 0 ? undefined : old), ...validate(r, candidate, old, 'status')];
          if (causes.some((c) => c.message.includes('does not have the shape of'))) shapeless++;
        }, `${r.kind}: ${JSON.stringify(candidate).slice(0, 300)}`);
        runs++;
      }
    }
  }
  assert.ok(runs > 5000);
  if (process.env.FUZZ_REPORT) console.log(`shapeless ${shapeless} of ${runs}`);
  // The last-resort cause is for rare shapes; the checks themselves should cope with most junk.
  assert.ok(shapeless / runs < 0.02, `${shapeless} of ${runs} objects fell through to the last-resort cause`);
});

/** Every path of the JSON tree, as key lists. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function replaced(obj: KubeObject, path: (string | number)[], value: unknown): KubeObject {
  const copy = structuredClone(obj) as unknown as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]] = structuredClone(value);
  return copy as unknown as KubeObject;
}

const KINDS_OF_SEED: string[][] = [['Pod'], ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'], ['Service', 'Endpoints'], ['CronJob', 'Job'], ['ConfigMap', 'Role', 'ClusterRoleBinding', 'Secret']];

test('admission copes with any single field of the wrong type, without the last-resort cause', () => {
  let runs = 0;
  const fellThrough: string[] = [];
  SEEDS.forEach((seed, s) => {
    const resources = BUILTIN_RESOURCES.filter((r) => KINDS_OF_SEED[s].includes(r.kind));
    for (const path of paths(seed).filter((p) => p.length > 0)) {
      for (const odd of ODD_VALUES) {
        for (const r of resources) {
          const candidate = replaced(seed, path, odd);
          applyDefaults(r, candidate, { operation: 'CREATE' });
          const causes = validate(r, candidate, undefined);
          if (causes.some((c) => c.message.includes('does not have the shape of'))) fellThrough.push(`${r.kind} ${path.join('.')}=${JSON.stringify(odd)}: ${causes[0].message}`);
          runs++;
        }
      }
    }
  });
  assert.ok(runs > 3000);
  assert.deepEqual(fellThrough.slice(0, 10), []);
});
