// The emulator's event recorder: client-go's event names, folding into counts through
// bounded LRU caches, and re-creating an Event the TTL removed.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { R } from '../../../src/emulator/client/paths';
import { ApiEventRecorder, eventName } from '../../../src/emulator/controllers/events';
import { settle, startEvents, type EventsHarness } from './support';

interface Ev extends KubeObject {
  reason: string;
  message: string;
  count: number;
  involvedObject: { name: string };
}

const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` } });

describe('ApiEventRecorder', () => {
  let h: EventsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const events = async (): Promise<Ev[]> => (await h!.client.list<Ev>({ ...R.events, namespace: 'default' })).items;

  it('names events <object>.<event time in ns as hex>, unique within the same instant', async () => {
    h = await startEvents(3_600_000);
    const recorder = new ApiEventRecorder(h.client, 'kubelet', h.clock);
    for (const reason of ['Pulled', 'Created', 'Started']) recorder.event(pod('web'), 'Normal', reason, `${reason} it`);
    await settle();
    const names = (await events()).map((e) => e.metadata.name!);
    assert.equal(names.length, 3);
    assert.equal(new Set(names).size, 3);
    const nanos = BigInt(h.clock.now()) * 1_000_000n;
    for (const n of names) {
      const m = /^web\.([0-9a-f]{16})$/.exec(n);
      assert.ok(m, n);
      const ns = BigInt(`0x${m[1]}`);
      assert.ok(ns >= nanos && ns < nanos + 1_000_000n, `${n} is within the current millisecond`);
    }
  });

  it('eventName matches client-go for a whole millisecond', () => {
    // 2026-01-01T12:00:00Z = 1767268800000 ms; later calls never reuse a name.
    const first = eventName('api', 1_767_268_800_000 + 10_000_000);
    assert.equal(first, `api.${(BigInt(1_767_268_800_000 + 10_000_000) * 1_000_000n).toString(16)}`);
    assert.notEqual(eventName('api', 1_767_268_800_000 + 10_000_000), first);
  });

  it('folds a repeated event into a count and forgets the least recently used beyond its cache size', async () => {
    h = await startEvents(3_600_000);
    const recorder = new ApiEventRecorder(h.client, 'kubelet', h.clock, () => undefined, { cacheSize: 2 });
    recorder.event(pod('a'), 'Warning', 'BackOff', 'back-off');
    recorder.event(pod('b'), 'Warning', 'BackOff', 'back-off');
    await settle();
    recorder.event(pod('a'), 'Warning', 'BackOff', 'back-off'); // a is now the most recent
    await settle();
    recorder.event(pod('c'), 'Warning', 'BackOff', 'back-off'); // evicts b
    await settle();
    recorder.event(pod('a'), 'Warning', 'BackOff', 'back-off'); // still cached: folds
    recorder.event(pod('b'), 'Warning', 'BackOff', 'back-off'); // evicted: a new Event
    await settle();
    const byObject = new Map<string, number[]>();
    for (const e of await events()) byObject.set(e.involvedObject.name, [...(byObject.get(e.involvedObject.name) ?? []), e.count]);
    assert.deepEqual(byObject.get('a'), [3]);
    assert.deepEqual(byObject.get('b')?.sort(), [1, 1]);
    assert.deepEqual(byObject.get('c'), [1]);
  });

  it('creates the Event again when the TTL removed it, keeping name and count', async () => {
    h = await startEvents(60_000);
    const logs: string[] = [];
    const recorder = new ApiEventRecorder(h.client, 'kubelet', h.clock, (m) => logs.push(m));
    recorder.event(pod('web'), 'Warning', 'BackOff', 'back-off');
    await settle();
    const [first] = await events();
    await h.advance(61_000);
    assert.equal((await events()).length, 0, 'expired');
    recorder.event(pod('web'), 'Warning', 'BackOff', 'back-off');
    await settle();
    const again = await events();
    assert.equal(again.length, 1);
    assert.equal(again[0].metadata.name, first.metadata.name);
    assert.equal(again[0].count, 2);
    assert.deepEqual(logs, []);
  });
});
