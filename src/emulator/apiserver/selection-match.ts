// Whether a stored value is in a list's or a watch's selection. Selectors on name and namespace
// only are answered from the storage key (no parse: `kubectl get pod x -w`, `kubectl wait` and
// `rollout status` watch a whole namespace's pods by metadata.name). Other selectors parse the
// value without managedFields (selectors never read them; ~40 % of a pod's JSON). A store event
// reaches every watcher of its prefix in turn with the same values, so the last parses are kept
// by identity: N watches by spec.nodeName (one per kubelet) parse an event once, not N times.
import type { KubeObject } from '../../kube/object';
import { storedJsonWithoutManagedFields } from '../store/stored-object';
import type { StoredValue } from '../store/types';
import type { Selection } from './field-selectors';
import type { ServedResource } from './registry';

/** Values last parsed for a selector and their objects (read only: selectors never write). */
const SLOTS = 4;
const parsedValues: (StoredValue | undefined)[] = new Array(SLOTS).fill(undefined);
const parsedObjects: (KubeObject | undefined)[] = new Array(SLOTS).fill(undefined);
let nextSlot = 0;

function parsedForSelection(v: StoredValue): KubeObject {
  for (let i = 0; i < SLOTS; i++) if (parsedValues[i] === v) return parsedObjects[i]!;
  const obj = JSON.parse(storedJsonWithoutManagedFields(v)) as KubeObject;
  parsedValues[nextSlot] = v;
  parsedObjects[nextSlot] = obj;
  nextSlot = (nextSlot + 1) % SLOTS;
  return obj;
}

/** The selection's test for values stored under `prefix` (the namespace's or the resource's). */
export function valueMatcher(r: ServedResource, namespace: string | undefined, prefix: string, selection: Selection): (v: StoredValue) => boolean {
  const byMetadata = selection.matchesMetadata;
  const byValues = selection.matchesFieldValues;
  if (byValues) {
    // Values written since the store kept their fields need no parse; older ones (from the
    // WAL or a snapshot) are parsed.
    return (v) => {
      const values = v.fields;
      if (!values) return selection.matches(parsedForSelection(v));
      const [ns, name] = namespaceAndName(r, namespace, v.key.slice(prefix.length));
      return byValues(ns, name, values);
    };
  }
  if (!byMetadata) return (v) => selection.matches(parsedForSelection(v));
  return (v) => {
    const [ns, name] = namespaceAndName(r, namespace, v.key.slice(prefix.length));
    return byMetadata(ns, name);
  };
}

/** The namespace and name of a key's rest after the matcher's prefix. */
function namespaceAndName(r: ServedResource, namespace: string | undefined, rest: string): [string, string] {
  if (!r.namespaced || namespace !== undefined) return [namespace ?? '', rest];
  const slash = rest.indexOf('/');
  return [rest.slice(0, slash), rest.slice(slash + 1)];
}
