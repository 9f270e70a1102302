// What keeping managedFields apart costs per stored value: storedValue() (scan, cut, intern)
// and the `json` getter, on a controller-created pod whose entries differ only in keyed
// items (its service-account volume, its IP), an Event (also as stored under an Event key,
// templated), and a pod without managedFields.
//   node --import tsx bench/store-managed-fields.ts [values=20000]
// Prints medians of 9 rounds (ns per value). Memory per value: bench/store.ts --only keys.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { storedValue } from '../src/emulator/store/stored-object';
import type { StoredValue } from '../src/emulator/store/types';
import { benchEvent, benchPod } from './store-pod';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const N = Number(process.argv[2] ?? 20_000);

function controllerPod(i: number): unknown {
  const p = benchPod(i) as { metadata: { managedFields: { fieldsV1: Record<string, unknown> }[] } };
  const volume = `kube-api-access-${(i * 2654435761 >>> 0).toString(36).slice(0, 5)}`;
  const creator = p.metadata.managedFields[0].fieldsV1 as Record<string, Record<string, unknown>>;
  creator['f:spec']['f:volumes'] = { '.': {}, [`k:{"name":"${volume}"}`]: { '.': {}, 'f:name': {}, 'f:projected': { '.': {}, 'f:defaultMode': {}, 'f:sources': {} } } };
  const ip = `10.244.${(i >> 8) & 255}.${i & 255}`;
  p.metadata.managedFields[1].fieldsV1 = { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:podIP': {}, 'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } }, 'f:phase': {} } };
  return p;
}

function withoutManagedFields(i: number): unknown {
  const p = benchPod(i);
  delete p.metadata.managedFields;
  return p;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(name: string, make: (i: number) => unknown, keyPrefix = '/registry/x/'): void {
  const jsons = Array.from({ length: N }, (_, i) => JSON.stringify(make(i)));
  const put: number[] = [];
  const read: number[] = [];
  const values: StoredValue[] = new Array<StoredValue>(N);
  for (let round = 0; round < 9; round++) {
    values.fill(undefined as unknown as StoredValue);
    gc();
    let t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) values[i] = storedValue(`${keyPrefix}${i}`, jsons[i], i, i);
    put.push(Number(process.hrtime.bigint() - t) / N);
    t = process.hrtime.bigint();
    let length = 0;
    for (let i = 0; i < N; i++) length += values[i].json.length;
    read.push(Number(process.hrtime.bigint() - t) / N);
    if (length === 0 || values.length !== N) throw new Error('unreachable');
  }
  const jsonBytes = jsons.reduce((n, j) => n + j.length, 0) / N;
  console.log(`${name} (${jsonBytes.toFixed(0)} B of JSON): storedValue ${median(put).toFixed(0)} ns, json getter ${median(read).toFixed(0)} ns per value`);
}

console.log(`# store-managed-fields: ${N} values, Node ${process.version}, ${new Date().toISOString()}`);
measure('controller-created pod (unique volume and IP keys)', controllerPod);
measure('Event', (i) => benchEvent(i));
// Hosts as in a 5,000-node cluster (the rest of the body is kept as a template, value-template.ts).
measure(
  'Event (5,000 hosts)',
  (i) => ({ ...benchEvent(i), source: { component: 'kubelet', host: `node-${(i * 7) % 5000}` }, reportingInstance: `node-${(i * 7) % 5000}` }),
  '/registry/core/events/default/',
);
measure('pod without managedFields', withoutManagedFields);
