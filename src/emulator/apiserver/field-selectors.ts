// Which fields each kind can be selected by (`--field-selector`), as kube-apiserver's
// per-kind GetAttrs functions expose them. Unknown fields are a 400, as there.
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorParseError, type FieldSelector, type LabelSelector } from '../../kube/selectors.js';
import type { KubeObject } from '../../kube/object.js';
import { EVENTS_V1_FIELD_LABELS } from './event-conversion.js';
import type { ServedResource } from './registry.js';
import { ApiError } from './status.js';

type FieldGetter = (obj: KubeObject) => unknown;

// Selectors are evaluated on stored objects, and Events are stored as core/v1 ones whichever
// API wrote them.
const EVENT_FIELDS: Record<string, FieldGetter> = {
  'involvedObject.kind': (o) => o.involvedObject?.kind,
  'involvedObject.namespace': (o) => o.involvedObject?.namespace,
  'involvedObject.name': (o) => o.involvedObject?.name,
  'involvedObject.uid': (o) => o.involvedObject?.uid,
  'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion,
  'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion,
  'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath,
  reason: (o) => o.reason,
  reportingComponent: (o) => o.reportingComponent,
  source: (o) => o.source?.component,
  type: (o) => o.type,
};

/** events.k8s.io/v1's labels (regarding.name, reportingController, ...) read the stored core fields. */
const EVENTS_V1_FIELDS: Record<string, FieldGetter> = Object.fromEntries(
  Object.entries(EVENTS_V1_FIELD_LABELS)
    .filter(([, core]) => !core.startsWith('metadata.'))
    .map(([label, core]) => [label, EVENT_FIELDS[core]]),
);

const BY_KIND: Record<string, Record<string, FieldGetter>> = {
  '/pods': {
    'spec.nodeName': (o) => o.spec?.nodeName,
    'spec.restartPolicy': (o) => o.spec?.restartPolicy,
    'spec.schedulerName': (o) => o.spec?.schedulerName,
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName,
    'spec.hostNetwork': (o) => String(o.spec?.hostNetwork ?? false),
    'status.phase': (o) => o.status?.phase,
    'status.podIP': (o) => o.status?.podIP,
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName,
  },
  '/events': EVENT_FIELDS,
  'events.k8s.io/events': EVENTS_V1_FIELDS,
  '/secrets': { type: (o) => o.type },
  '/nodes': { 'spec.unschedulable': (o) => String(o.spec?.unschedulable ?? false) },
  '/namespaces': { 'status.phase': (o) => o.status?.phase },
  'apps/replicasets': { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  'batch/jobs': { 'status.successful': (o) => String(o.status?.succeeded ?? 0) },
};

function gettersFor(r: ServedResource): Record<string, FieldGetter> {
  const base: Record<string, FieldGetter> = {
    'metadata.name': (o) => o.metadata.name,
    'metadata.namespace': (o) => o.metadata.namespace,
  };
  return { ...base, ...(BY_KIND[`${r.group}/${r.plural}`] ?? {}) };
}

export interface Selection {
  labels: LabelSelector;
  fields: FieldSelector;
  /** True when nothing is selected away. */
  everything: boolean;
  matches(obj: KubeObject): boolean;
  /**
   * Set when only metadata.name / metadata.namespace are selected on: the object's storage key
   * answers without parsing it, which a 150,000-pod `namespace!=kube-system` list needs.
   */
  matchesMetadata?(namespace: string, name: string): boolean;
}

/** Parses labelSelector and fieldSelector from the query; 400 on syntax or unknown fields. */
export function selectionFromQuery(r: ServedResource, query: URLSearchParams): Selection {
  let labels: LabelSelector;
  let fields: FieldSelector;
  try {
    labels = parseLabelSelector(query.get('labelSelector') ?? '');
    fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  } catch (e) {
    if (e instanceof SelectorParseError) throw ApiError.badRequest(`unable to parse requirement: ${e.message.replace(/^unable to parse requirement: /, '')}`);
    throw e;
  }
  const getters = gettersFor(r);
  for (const f of fields) {
    if (!getters[f.field]) {
      throw ApiError.badRequest(
        r.crdName ? `"${f.field}" is not a known field selector: only "metadata.name", "metadata.namespace"` : `field label not supported: ${f.field}`,
      );
    }
  }
  const fieldNames = fields.map((f) => f.field);
  const metadataOnly = labels.length === 0 && fields.length > 0 && fieldNames.every((f) => f === 'metadata.name' || f === 'metadata.namespace');
  return {
    matchesMetadata: metadataOnly ? (namespace, name) => matchesFields(fields, { 'metadata.name': name, 'metadata.namespace': namespace }) : undefined,
    labels,
    fields,
    everything: labels.length === 0 && fields.length === 0,
    matches(obj: KubeObject): boolean {
      if (labels.length > 0 && !matchesLabels(labels, obj.metadata?.labels)) return false;
      if (fields.length === 0) return true;
      const set: Record<string, string> = {};
      for (const name of fieldNames) {
        const v = getters[name](obj);
        set[name] = v === undefined || v === null ? '' : String(v);
      }
      return matchesFields(fields, set);
    },
  };
}
