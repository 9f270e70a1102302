// Which fields each kind can be selected by (`--field-selector`), as kube-apiserver's
// per-kind GetAttrs functions expose them. Unknown fields are a 400, as there.
import { fieldRequirementMet, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorParseError, type FieldSelector, type LabelSelector } from '../../kube/selectors.js';
import type { KubeObject } from '../../kube/object.js';
import { EVENTS_V1_FIELD_LABELS } from './event-conversion.js';
import type { FieldIndexer } from '../store/types.js';
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

/**
 * Kinds whose stored values keep their selectable fields (Store.indexFields), in this order,
 * then their labels as key, value pairs: watches and lists by spec.nodeName (a kubelet's),
 * status.phase or labels (`kubectl get pods -l`, `helm --wait`) then read them instead of
 * parsing each pod. Pods only: Events have eleven fields and 600,000 of them at scale.
 */
const INDEXED_FIELDS: Record<string, readonly string[]> = {
  '/pods': Object.keys(BY_KIND['/pods']),
};

/** A field's value as selectors compare it. */
const selectorValue = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Field values kept per stored value repeat (node names, phases): one string each, up to this many. */
const SHARED_VALUES_MAX = 16_384;
const sharedValues = new Map<string, string>();

function shared(v: string): string {
  const known = sharedValues.get(v);
  if (known !== undefined) return known;
  if (sharedValues.size >= SHARED_VALUES_MAX) sharedValues.clear();
  sharedValues.set(v, v);
  return v;
}

/** What a kind's stored values keep of their objects (Store.indexFields), if it is a kind that keeps any. */
export function fieldIndexerOf(r: ServedResource): FieldIndexer | undefined {
  const kind = `${r.group}/${r.plural}`;
  const fields = INDEXED_FIELDS[kind];
  if (!fields) return undefined;
  const getters = fields.map((f) => BY_KIND[kind][f]);
  return (obj) => {
    const labels = (obj as KubeObject).metadata?.labels;
    const keys = labels && typeof labels === 'object' ? Object.keys(labels) : [];
    const values = new Array<string>(getters.length + 2 * keys.length);
    for (let i = 0; i < getters.length; i++) values[i] = shared(selectorValue(getters[i](obj as KubeObject)));
    let at = getters.length;
    for (const k of keys) {
      values[at++] = shared(k);
      values[at++] = shared(String(labels![k]));
    }
    return values;
  };
}

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
  /**
   * Set when every field selected on is metadata's or kept with stored values (fieldIndexerOf):
   * the test from the storage key's namespace and name and the value's kept fields and labels.
   */
  matchesFieldValues?(namespace: string, name: string, values: readonly string[]): boolean;
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
  const isMetadata = (f: string): boolean => f === 'metadata.name' || f === 'metadata.namespace';
  const metadataOnly = labels.length === 0 && fields.length > 0 && fieldNames.every(isMetadata);
  const indexed = INDEXED_FIELDS[`${r.group}/${r.plural}`];
  const byIndex = !metadataOnly && labels.length + fields.length > 0 && indexed !== undefined && fieldNames.every((f) => isMetadata(f) || indexed.includes(f));
  return {
    matchesMetadata: metadataOnly ? (namespace, name) => matchesFields(fields, { 'metadata.name': name, 'metadata.namespace': namespace }) : undefined,
    matchesFieldValues: byIndex ? fieldValuesMatcher(fields, labels, indexed) : undefined,
    labels,
    fields,
    everything: labels.length === 0 && fields.length === 0,
    matches(obj: KubeObject): boolean {
      if (labels.length > 0 && !matchesLabels(labels, obj.metadata?.labels)) return false;
      if (fields.length === 0) return true;
      const set: Record<string, string> = {};
      for (const name of fieldNames) set[name] = selectorValue(getters[name](obj));
      return matchesFields(fields, set);
    },
  };
}

/**
 * A selection's test on values kept in `indexed` order followed by label pairs, and the key's
 * namespace and name.
 */
function fieldValuesMatcher(selector: FieldSelector, labels: LabelSelector, indexed: readonly string[]): (namespace: string, name: string, values: readonly string[]) => boolean {
  const at = selector.map((req) => indexed.indexOf(req.field));
  const labelsFrom = indexed.length;
  return (namespace, name, values) => {
    for (let i = 0; i < selector.length; i++) {
      const req = selector[i];
      if (!fieldRequirementMet(req, at[i] >= 0 ? values[at[i]] : req.field === 'metadata.name' ? name : namespace)) return false;
    }
    if (labels.length === 0) return true;
    const set: Record<string, string> = {};
    for (let i = labelsFrom; i + 1 < values.length; i += 2) set[values[i]] = values[i + 1];
    return matchesLabels(labels, set);
  };
}
