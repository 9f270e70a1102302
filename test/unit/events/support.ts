// Test support: an in-memory API server on a FakeClock with the Event TTL running, and a
// way to let in-flight API calls and store deletes finish (no fixed sleeps).
import { FakeClock } from '../../../src/kube/clock';
import { EventTtl } from '../../../src/emulator/apiserver/event-ttl';
import { ApiServer } from '../../../src/emulator/apiserver/server';
import { bootstrapClusterObjects } from '../../../src/emulator/apiserver/system-objects';
import { defaultModules } from '../../../src/emulator/cluster';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { openStore, type EmulatorStore } from '../../../src/emulator/store/index';

export interface EventsHarness {
  clock: FakeClock;
  store: EmulatorStore;
  api: ApiServer;
  client: LoopbackClient;
  ttl: EventTtl;
  /** Moves the clock and lets the sweep's deletes land. */
  advance(ms: number): Promise<void>;
  /** A new EventTtl over the same store, as after an API server restart. */
  restart(ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

export async function startEvents(ttlMs: number, clock = new FakeClock(Date.UTC(2026, 0, 1, 12))): Promise<EventsHarness> {
  const store = await openStore({ clock, log: () => undefined });
  const api = new ApiServer({ store, clock, modules: defaultModules() });
  await bootstrapClusterObjects(api);
  const h: EventsHarness = {
    clock,
    store,
    api,
    client: new LoopbackClient(api, 'kubectl'),
    ttl: new EventTtl({ store, clock, ttlMs }),
    advance: async (ms) => {
      clock.advance(ms);
      await settle();
    },
    restart: async (ms) => {
      await h.ttl.stop();
      h.ttl = new EventTtl({ store, clock, ttlMs: ms });
      h.ttl.start();
    },
    close: async () => {
      await h.ttl.stop();
      api.stop();
      await store.close();
    },
  };
  h.ttl.start();
  return h;
}
