// The emulator's event recorder: client-go's event names, folding into counts through
// bounded LRU caches, and re-creating an Event the TTL removed.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { R } from '../../../src/emulator/client/paths';
import { ApiEventRecorder, eventName, recorderForHost } from '../../../src/emulator/controllers/events';
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

  it('eventName gives the ns hex client-go does, across many instants, and counts on within one', () => {
    // The name is built without BigInt: compare with BigInt arithmetic. Start past any earlier
    // test's names (names never go back in time), then walk forward over varied instants.
    let ms = 1_900_000_000_000;
    let last = 0n;
    for (let i = 0; i < 2000; i++) {
      ms += 1 + ((i * 7919) % 100_000);
      const ns = BigInt(ms) * 1_000_000n;
      const name = eventName('p', ms);
      assert.equal(name, `p.${ns.toString(16)}`);
      // Several in the same millisecond take the next nanoseconds, in order.
      for (let k = 1; k <= 3; k++) assert.equal(eventName('p', ms), `p.${(ns + BigInt(k)).toString(16)}`);
      assert.ok(ns > last);
      last = ns + 3n;
    }
    // A clock that goes back still gives new, increasing names.
    const back = BigInt(`0x${eventName('p', ms - 5000).slice(2)}`);
    assert.equal(back, last + 1n);
  });

  it('writes the Event as client-go does: involved object, source, reporting component, counts and second timestamps', async () => {
    h = await startEvents(3_600_000);
    const recorder = new ApiEventRecorder(h.client, 'kubelet', h.clock);
    const obj = { ...pod('web'), metadata: { ...pod('web').metadata, resourceVersion: '42' } };
    recorder.event(obj, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await settle();
    const [e] = await events();
    const { metadata, ...body } = e as unknown as Record<string, unknown> & { metadata: Record<string, unknown> };
    assert.equal(metadata.namespace, 'default');
    assert.deepEqual(body, {
      apiVersion: 'v1',
      kind: 'Event',
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'uid-web', apiVersion: 'v1', resourceVersion: '42' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      source: { component: 'kubelet' },
      firstTimestamp: '2026-01-01T12:00:00Z',
      lastTimestamp: '2026-01-01T12:00:00Z',
      count: 1,
      type: 'Warning',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: '',
    });
    h.clock.advance(61_500);
    recorder.event(obj, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await settle();
    const [again] = await events();
    assert.equal(again.count, 2);
    assert.equal((again as unknown as { lastTimestamp: string }).lastTimestamp, '2026-01-01T12:01:01Z');
  });

  it("a kubelet's events name its node (source.host, reportingInstance) and the container (fieldPath); containers fold apart", async () => {
    h = await startEvents(3_600_000);
    const kubelet = recorderForHost(new ApiEventRecorder(h.client, 'kubelet', h.clock), 'whale2');
    kubelet.event(pod('web'), 'Normal', 'Pulled', 'Container image "nginx" already present on machine', { fieldPath: 'spec.containers{app}' });
    kubelet.event(pod('web'), 'Normal', 'Pulled', 'Container image "nginx" already present on machine', { fieldPath: 'spec.initContainers{setup}' });
    kubelet.event(pod('web'), 'Warning', 'OutOfcpu', 'Node didn\'t have enough resource: cpu');
    await settle();
    const byPath = new Map((await events()).map((e) => [(e.involvedObject as { fieldPath?: string }).fieldPath ?? '', e as unknown as Record<string, any>]));
    assert.deepEqual([...byPath.keys()].sort(), ['', 'spec.containers{app}', 'spec.initContainers{setup}'], 'one Event per container, and one for the pod');
    for (const e of byPath.values()) {
      assert.deepEqual(e.source, { component: 'kubelet', host: 'whale2' });
      assert.equal(e.reportingInstance, 'whale2');
      assert.equal(e.count, 1);
    }
    assert.deepEqual(Object.keys(byPath.get('spec.containers{app}')!.involvedObject), ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath']);
  });

  it('folds only identical events of one object, whatever else it records in between', async () => {
    h = await startEvents(3_600_000);
    const recorder = new ApiEventRecorder(h.client, 'kubelet', h.clock);
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'web', uid: 'web' } };
    for (let i = 0; i < 3; i++) {
      recorder.event(pod('web'), 'Normal', 'Pulled', 'Container image "nginx" already present on machine');
      recorder.event(pod('web'), 'Normal', 'Created', 'Created container: web');
      recorder.event(pod('web'), 'Warning', 'Created', 'Created container: web'); // another type: its own Event
      recorder.event(pod('web'), 'Normal', 'Created', `Created container: web-${i}`); // another message too
      recorder.event(node, 'Normal', 'Created', 'Created container: web'); // another object of the same name
      await settle();
    }
    const all = (await h.client.list<Ev & { type: string; involvedObject: { kind: string } }>({ ...R.events, namespace: 'default' })).items;
    const counts = all.map((e) => `${e.involvedObject.kind} ${e.type} ${e.reason} ${e.message}: ${e.count}`).sort();
    assert.deepEqual(counts, [
      'Node Normal Created Created container: web: 3',
      'Pod Normal Created Created container: web-0: 1',
      'Pod Normal Created Created container: web-1: 1',
      'Pod Normal Created Created container: web-2: 1',
      'Pod Normal Created Created container: web: 3',
      'Pod Normal Pulled Container image "nginx" already present on machine: 3',
      'Pod Warning Created Created container: web: 3',
    ]);
  });

  it('lets 25 events of one reason through for an object, then one more per 5 minutes', async () => {
    h = await startEvents(3_600_000);
    const recorder = new ApiEventRecorder(h.client, 'kubelet', h.clock);
    for (let i = 0; i < 40; i++) recorder.event(pod('web'), 'Warning', 'Unhealthy', `probe failed ${i}`);
    recorder.event(pod('web'), 'Normal', 'Pulled', 'another reason has its own bucket');
    await settle();
    assert.equal((await events()).length, 26);
    h.clock.advance(300_000);
    for (let i = 0; i < 5; i++) recorder.event(pod('web'), 'Warning', 'Unhealthy', `later ${i}`);
    await settle();
    assert.equal((await events()).length, 27);
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
