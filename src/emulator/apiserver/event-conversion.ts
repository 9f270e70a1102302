// events.k8s.io/v1 Event <-> core/v1 Event. kube-apiserver keeps one Event per name (the
// internal type is the core one, stored as core/v1); the events.k8s.io/v1 API is another view
// of it, renaming fields (pkg/apis/events/v1 conversion). Metadata, including managedFields,
// passes as is: kube stores managedFields entries with the apiVersion they were written in.
import type { KubeObject } from '../../kube/object.js';

/** events.k8s.io/v1 field -> core/v1 field; the other fields have the same name in both. */
const V1_TO_CORE: Readonly<Record<string, string>> = {
  regarding: 'involvedObject',
  note: 'message',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
  deprecatedFirstTimestamp: 'firstTimestamp',
  deprecatedLastTimestamp: 'lastTimestamp',
  deprecatedCount: 'count',
};

const CORE_TO_V1: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(V1_TO_CORE).map(([v1, core]) => [core, v1]));

function renamed(obj: KubeObject, names: Readonly<Record<string, string>>, apiVersion: string): KubeObject {
  const out: KubeObject = { apiVersion, kind: 'Event', metadata: obj.metadata };
  for (const k of Object.keys(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue;
    out[names[k] ?? k] = obj[k];
  }
  return out;
}

/**
 * The core/v1 Event an events.k8s.io/v1 Event is stored as. The fields core/v1's Go types
 * always write (no omitempty, or structs) are filled as they would be, so the stored object
 * reads the same whichever API wrote it.
 */
export function eventV1ToCore(obj: KubeObject): KubeObject {
  const out = renamed(obj, V1_TO_CORE, 'v1');
  out.involvedObject ??= {};
  out.source ??= {};
  if (!('firstTimestamp' in out)) out.firstTimestamp = null;
  if (!('lastTimestamp' in out)) out.lastTimestamp = null;
  if (!('eventTime' in out)) out.eventTime = null;
  out.reportingComponent ??= '';
  out.reportingInstance ??= '';
  return out;
}

/** A stored core/v1 Event as events.k8s.io/v1 shows it (its empty reporting strings omitted there). */
export function eventCoreToV1(obj: KubeObject): KubeObject {
  const out = renamed(obj, CORE_TO_V1, 'events.k8s.io/v1');
  if (out.reportingController === '') delete out.reportingController;
  if (out.reportingInstance === '') delete out.reportingInstance;
  out.regarding ??= {};
  out.deprecatedSource ??= {};
  if (!('eventTime' in out)) out.eventTime = null;
  return out;
}

/**
 * events.k8s.io/v1's field selector labels and the core/v1 labels they select by (its
 * AddFieldLabelConversionsForEvent): selectors are evaluated on the stored core object.
 */
export const EVENTS_V1_FIELD_LABELS: Readonly<Record<string, string>> = {
  'metadata.name': 'metadata.name',
  'metadata.namespace': 'metadata.namespace',
  reason: 'reason',
  type: 'type',
  source: 'source',
  reportingController: 'reportingComponent',
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
};
