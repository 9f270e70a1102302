// Events an older emulator kept apart: events.k8s.io/v1 ones under their own key space, in
// their own shape. Both Event APIs now read the core key space (as kube-apiserver keeps one
// Event per name), so opening such a state directory moves them there, converted.
//
// Moved rather than left to expire: in place they could no longer be read through either API,
// yet would hold their names' place in no key space for up to the TTL; moved, they read as
// before through both APIs, and the Event TTL (which follows only the core key space) counts
// each from its own recorded times, as it does every stored Event after a restart.
import { KeyExistsError, KeyNotFoundError, RevisionConflictError, type Store } from '../store/types';
import type { KubeObject } from '../../kube/object';
import { eventV1ToCore } from './event-conversion';
import type { Log } from '../log';

export const LEGACY_EVENTS_V1_PREFIX = '/registry/events.k8s.io/events/';
const CORE_EVENTS_PREFIX = '/registry/core/events/';

/** Moves the legacy events.k8s.io Events into the core key space; returns how many were found. */
export async function migrateLegacyEvents(store: Store, log: Log = () => undefined): Promise<number> {
  const legacy = store.list(LEGACY_EVENTS_V1_PREFIX).items;
  for (const v of legacy) {
    const target = CORE_EVENTS_PREFIX + v.key.slice(LEGACY_EVENTS_V1_PREFIX.length);
    const event = parsedEvent(v.json);
    // A core Event of the same name wins: kube-apiserver never had two. One that cannot be read
    // as an Event could not be served either: it goes.
    if (event && !store.get(target)) {
      try {
        await store.create(target, eventV1ToCore(event));
      } catch (e) {
        if (!(e instanceof KeyExistsError)) throw e;
      }
    }
    try {
      await store.delete(v.key, v.modRevision);
    } catch (e) {
      if (!(e instanceof KeyNotFoundError || e instanceof RevisionConflictError)) throw e;
    }
  }
  if (legacy.length > 0) log(`moved ${legacy.length} events.k8s.io/v1 Event(s) to the core Event storage`);
  return legacy.length;
}

function parsedEvent(json: string): KubeObject | undefined {
  try {
    const obj = JSON.parse(json) as unknown;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
    const meta = (obj as { metadata?: unknown }).metadata;
    return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (obj as KubeObject) : undefined;
  } catch {
    return undefined;
  }
}
