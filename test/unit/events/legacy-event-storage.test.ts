// Events an older emulator stored in their own events.k8s.io key space move to the core one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGACY_EVENTS_V1_PREFIX, migrateLegacyEvents } from '../../../src/emulator/apiserver/legacy-event-storage';
import { openStore } from '../../../src/emulator/store/index';

const v1Event = (name: string, note: string) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name, namespace: 'default', uid: `${name}-uid` } as { name: string; namespace: string; uid: string; resourceVersion?: string },
  eventTime: '2026-01-01T00:00:00.000000Z',
  reportingController: 'example.com/ctl',
  reportingInstance: 'ctl-1',
  action: 'Scale',
  reason: 'Scaled',
  note,
  type: 'Normal',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
});

describe('legacy events.k8s.io Event storage', () => {
  it('moves each Event converted, and keeps a core Event of the same name', async () => {
    const store = await openStore({ log: () => undefined });
    try {
      await store.create(`${LEGACY_EVENTS_V1_PREFIX}default/moved`, v1Event('moved', 'from the old key space'));
      await store.create(`${LEGACY_EVENTS_V1_PREFIX}default/both`, v1Event('both', 'legacy copy'));
      const core = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'both', namespace: 'default', resourceVersion: undefined as string | undefined }, message: 'core copy' };
      await store.create('/registry/core/events/default/both', core);
      const logged: string[] = [];
      assert.equal(await migrateLegacyEvents(store, (m) => logged.push(m)), 2);
      assert.deepEqual(store.list(LEGACY_EVENTS_V1_PREFIX).items, []);
      const moved = JSON.parse(store.get('/registry/core/events/default/moved')!.json);
      assert.equal(moved.apiVersion, 'v1');
      assert.equal(moved.message, 'from the old key space');
      assert.equal(moved.involvedObject.name, 'web');
      assert.equal(moved.reportingComponent, 'example.com/ctl');
      assert.equal(moved.metadata.uid, 'moved-uid');
      assert.equal(JSON.parse(store.get('/registry/core/events/default/both')!.json).message, 'core copy');
      assert.equal(logged.length, 1);
      assert.equal(await migrateLegacyEvents(store), 0);
    } finally {
      await store.close();
    }
  });
});
