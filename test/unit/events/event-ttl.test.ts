// --event-ttl: Events disappear one TTL after their last write, through any API version,
// watchers see them go, and a restarted server still expires what it finds stored.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { parseGoDuration } from '../../../src/emulator/apiserver/event-ttl';
import { LEGACY_EVENTS_V1_PREFIX, migrateLegacyEvents } from '../../../src/emulator/apiserver/legacy-event-storage';
import { R } from '../../../src/emulator/client/paths';
import { startEvents, type EventsHarness } from './support';

const HOUR = 3_600_000;
const EVENTS_V1 = { group: 'events.k8s.io', version: 'v1', resource: 'events' };

function coreEvent(name: string, at: Date, extra: Record<string, unknown> = {}): { metadata: { name: string; namespace: string; resourceVersion?: string } } & Record<string, unknown> {
  const t = at.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
    reason: 'Pulled',
    message: 'pulled',
    type: 'Normal',
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    ...extra,
  };
}

function v1Event(name: string, eventTime: string): { metadata: { name: string; namespace: string } } & Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    eventTime,
    reportingController: 'example.com/ctl',
    reportingInstance: 'ctl-1',
    action: 'Scale',
    reason: 'Scaled',
    note: 'scaled',
    type: 'Normal',
    regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
  };
}

async function exists(h: EventsHarness, ref: { group: string; version: string; resource: string }, name: string): Promise<boolean> {
  try {
    await h.client.get({ ...ref, namespace: 'default', name });
    return true;
  } catch {
    return false;
  }
}

describe('Event TTL (--event-ttl)', () => {
  let h: EventsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('deletes a core/v1 Event one TTL after it was written, not before', async () => {
    h = await startEvents(HOUR);
    await h.client.create({ ...R.events, namespace: 'default' }, coreEvent('web.1', new Date(h.clock.now())));
    await h.advance(HOUR - 1000);
    assert.equal(await exists(h, R.events, 'web.1'), true, 'still there just before the TTL');
    await h.advance(2000);
    assert.equal(await exists(h, R.events, 'web.1'), false, 'gone just after the TTL');
    assert.equal(h.ttl.tracked, 0);
  });

  it('counts the TTL from the last write: a count bump keeps the Event alive', async () => {
    h = await startEvents(HOUR);
    await h.client.create({ ...R.events, namespace: 'default' }, coreEvent('web.2', new Date(h.clock.now())));
    await h.advance(HOUR / 2);
    await h.client.patch({ ...R.events, namespace: 'default', name: 'web.2' }, { count: 2 }, 'merge');
    await h.advance(HOUR / 2 + 1000);
    assert.equal(await exists(h, R.events, 'web.2'), true, 'the second write renewed the TTL');
    await h.advance(HOUR / 2);
    assert.equal(await exists(h, R.events, 'web.2'), false);
  });

  it('expires events.k8s.io/v1 Events too, and leaves other kinds alone', async () => {
    h = await startEvents(60_000);
    const eventTime = new Date(h.clock.now()).toISOString().replace('Z', '000Z');
    await h.client.create({ ...EVENTS_V1, namespace: 'default' }, {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web.3', namespace: 'default' },
      eventTime,
      reportingController: 'example.com/ctl',
      reportingInstance: 'ctl-1',
      action: 'Scale',
      reason: 'Scaled',
      type: 'Normal',
      regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
    });
    await h.client.create({ ...R.configMaps, namespace: 'default' }, { metadata: { name: 'keep' } });
    await h.advance(61_000);
    assert.equal(await exists(h, EVENTS_V1, 'web.3'), false);
    assert.equal(await exists(h, R.configMaps, 'keep'), true);
  });

  it('an events.k8s.io/v1 Event is a core Event: read through core/v1 until it expires through both', async () => {
    h = await startEvents(HOUR);
    const eventTime = new Date(h.clock.now()).toISOString().replace('Z', '000Z');
    await h.client.create({ ...EVENTS_V1, namespace: 'default' }, v1Event('web.6', eventTime));
    await h.advance(HOUR - 1000);
    const core = await h.client.get<Record<string, unknown>>({ ...R.events, namespace: 'default', name: 'web.6' });
    assert.equal(core.message, 'scaled');
    assert.equal(h.ttl.tracked, 1, 'one stored Event, one expiry');
    await h.advance(2000);
    assert.equal(await exists(h, R.events, 'web.6'), false);
    assert.equal(await exists(h, EVENTS_V1, 'web.6'), false);
    assert.equal(h.ttl.tracked, 0);
  });

  it('moves Events an older emulator stored in an events.k8s.io key space to the core one, where they still expire', async () => {
    h = await startEvents(HOUR);
    await h.ttl.stop(); // the older server wrote these
    const written = new Date(h.clock.now() - HOUR / 2);
    const legacy = { ...v1Event('legacy', written.toISOString().replace('Z', '000Z')), metadata: { name: 'legacy', namespace: 'default', creationTimestamp: written.toISOString().replace(/\.\d+Z$/, 'Z'), resourceVersion: undefined } };
    await h.store.create(`${LEGACY_EVENTS_V1_PREFIX}default/legacy`, legacy);
    assert.equal(await migrateLegacyEvents(h.store), 1);
    assert.equal(h.store.list(LEGACY_EVENTS_V1_PREFIX).items.length, 0);
    await h.restart(HOUR);
    const core = await h.client.get<Record<string, any>>({ ...R.events, namespace: 'default', name: 'legacy' });
    assert.equal(core.message, 'scaled');
    assert.equal(core.reportingComponent, 'example.com/ctl');
    assert.equal((await h.client.get<Record<string, any>>({ ...EVENTS_V1, namespace: 'default', name: 'legacy' })).note, 'scaled');
    await h.advance(HOUR / 2 - 60_000);
    assert.equal(await exists(h, EVENTS_V1, 'legacy'), true);
    await h.advance(61_000);
    assert.equal(await exists(h, EVENTS_V1, 'legacy'), false, 'expired one TTL after it was written');
    assert.equal(await migrateLegacyEvents(h.store), 0, 'nothing left to move');
  });

  it('tells watchers of events with a DELETED', async () => {
    h = await startEvents(60_000);
    const created = await h.client.create<{ metadata: { resourceVersion: string } }>({ ...R.events, namespace: 'default' }, coreEvent('web.4', new Date(h.clock.now())));
    const seen: string[] = [];
    const w = await h.client.watch({ ...R.events, namespace: 'default' }, { resourceVersion: created.metadata.resourceVersion }, (e) => seen.push(`${e.type} ${(e.object as { metadata?: { name?: string } }).metadata?.name}`), () => undefined);
    await h.advance(61_000);
    w.stop();
    assert.deepEqual(seen, ['DELETED web.4']);
  });

  it('after a restart, expires stored Events by their last recorded time', async () => {
    h = await startEvents(HOUR);
    await h.ttl.stop(); // the server is down while these are written straight into the store
    const now = h.clock.now();
    await h.store.create('/registry/core/events/default/old', coreEvent('old', new Date(now - 2 * HOUR)));
    await h.store.create('/registry/core/events/default/recent', coreEvent('recent', new Date(now - HOUR / 2)));
    await h.restart(HOUR);
    assert.equal(h.ttl.tracked, 2);
    await h.advance(1000);
    assert.equal(await exists(h, R.events, 'old'), false, 'past its TTL already: deleted at once');
    assert.equal(await exists(h, R.events, 'recent'), true);
    await h.advance(HOUR / 2);
    assert.equal(await exists(h, R.events, 'recent'), false);
  });

  it('after a restart, expires stored Events in time order whatever their names', async () => {
    h = await startEvents(HOUR);
    await h.ttl.stop();
    const now = h.clock.now();
    // Listed by key, "a-recent" comes first although "b-old" is due first.
    await h.store.create('/registry/core/events/default/a-recent', coreEvent('a-recent', new Date(now - HOUR / 2)));
    await h.store.create('/registry/core/events/default/b-old', coreEvent('b-old', new Date(now - HOUR + 60_000)));
    await h.restart(HOUR);
    await h.advance(61_000);
    assert.equal(await exists(h, R.events, 'b-old'), false, 'expired one TTL after its last write');
    assert.equal(await exists(h, R.events, 'a-recent'), true);
    await h.advance(HOUR / 2);
    assert.equal(await exists(h, R.events, 'a-recent'), false);
  });

  it('retries an expiry the store could not take, once it is available again', async () => {
    h = await startEvents(60_000);
    await h.client.create({ ...R.events, namespace: 'default' }, coreEvent('web.5', new Date(h.clock.now())));
    h.store.setAvailable(false);
    await h.advance(61_000);
    await h.advance(5000);
    assert.equal(await exists(h, R.events, 'web.5'), true, 'the store refused the delete');
    h.store.setAvailable(true);
    await h.advance(1000);
    await h.advance(1000);
    assert.equal(await exists(h, R.events, 'web.5'), false);
  });

  it('deletes a large batch of expired Events in one sweep', async () => {
    h = await startEvents(10_000);
    for (let i = 0; i < 600; i++) await h.client.create({ ...R.events, namespace: 'default' }, coreEvent(`web.b${i}`, new Date(h.clock.now())));
    assert.equal((await h.client.list({ ...R.events, namespace: 'default' })).items.length, 600);
    await h.advance(11_000);
    for (let i = 0; i < 20 && h.ttl.tracked > 0; i++) await h.advance(0);
    assert.equal((await h.client.list({ ...R.events, namespace: 'default' })).items.length, 0);
  });
});

describe('parseGoDuration (the --event-ttl syntax)', () => {
  it('reads Go durations in milliseconds', () => {
    assert.equal(parseGoDuration('1h'), HOUR);
    assert.equal(parseGoDuration('30m'), 1_800_000);
    assert.equal(parseGoDuration('90s'), 90_000);
    assert.equal(parseGoDuration('1h30m'), 5_400_000);
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('500ms'), 500);
    assert.equal(parseGoDuration('0'), 0);
  });

  it("rejects what Go rejects, with Go's message", () => {
    assert.throws(() => parseGoDuration('10'), /^Error: time: missing unit in duration "10"$/);
    assert.throws(() => parseGoDuration('1d'), /^Error: time: unknown unit "d" in duration "1d"$/);
    assert.throws(() => parseGoDuration('h'), /^Error: time: invalid duration "h"$/);
    assert.throws(() => parseGoDuration(''), /^Error: time: invalid duration ""$/);
  });
});
