// How a resource served from another's storage (ResourceType.storageResource) converts
// objects between its own shape and the stored one. Handlers, admission and the field manager
// work in the shape the client used; only what goes to and comes from the store converts.
import type { KubeObject } from '../../kube/object.js';
import { eventCoreToV1, eventV1ToCore } from './event-conversion.js';
import type { ResourceType } from './resource-type.js';

export interface StorageConversion {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

const CONVERSIONS: Readonly<Record<string, StorageConversion>> = {
  'events.k8s.io/events': { toStorage: eventV1ToCore, fromStorage: eventCoreToV1 },
};

/** Undefined for every resource stored in its own shape (a property test, so free on hot paths). */
export function storageConversionOf(r: ResourceType): StorageConversion | undefined {
  return r.storageResource ? CONVERSIONS[`${r.group}/${r.plural}`] : undefined;
}

/** The object as stored for a write through `r`. */
export function storedForm(r: ResourceType, obj: KubeObject): KubeObject {
  const conversion = storageConversionOf(r);
  return conversion ? conversion.toStorage(obj) : obj;
}
