// events.k8s.io/v1 Event validation, for writes through that API only (core/v1 writes of the
// same stored Event keep core's looser rules), with the field names of events.k8s.io/v1.
import type { KubeObject } from '../../../kube/object';
import { isQualifiedName } from '../../../kube/validation';
import { fieldError } from '../status';
import { sameJson } from '../object-meta';
import type { Causes, Json } from './types';

/** Creates: an Event says when, how serious and who reported what; the deprecated fields stay unset. */
export function validateEventsV1(obj: KubeObject): Causes {
  const causes: Causes = [];
  if (!obj.eventTime) causes.push(fieldError.required('eventTime'));
  if (obj.type !== 'Normal' && obj.type !== 'Warning') causes.push(fieldError.invalid('type', '', `has invalid value: ${obj.type ?? ''}`));
  causes.push(...validateReporting(obj), ...validateSeries(obj));
  // Those are core/v1's, read through this API; an events.k8s.io/v1 client does not write them.
  for (const field of ['deprecatedFirstTimestamp', 'deprecatedLastTimestamp']) if (obj[field] != null) causes.push(unset(field));
  if (obj.deprecatedCount) causes.push(unset('deprecatedCount'));
  const source: Json = obj.deprecatedSource ?? {};
  if (source.component || source.host) causes.push(unset('deprecatedSource'));
  return causes;
}

/** What an update through events.k8s.io/v1 may not change (core/v1 updates may): all but metadata and series. */
const IMMUTABLE_IN_V1 = ['regarding', 'reason', 'note', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount', 'type', 'eventTime', 'action', 'related', 'reportingController', 'reportingInstance'];

/**
 * Updates, as kube-apiserver checks them: the legacy Event rules (an Event with an eventTime
 * still names who reported what; one written through core/v1 without one may be updated as it
 * is, e.g. labelled), a changed series checked as on create, and what happened is immutable.
 */
export function validateEventsV1Update(obj: KubeObject, old: KubeObject): Causes {
  const causes = obj.eventTime ? validateReporting(obj) : [];
  if (!sameJson(obj.series ?? null, old.series ?? null)) causes.push(...validateSeries(obj));
  for (const field of IMMUTABLE_IN_V1) {
    if (!sameJson(obj[field] ?? null, old[field] ?? null)) causes.push(fieldError.invalid(field, obj[field] ?? null, 'field is immutable'));
  }
  return causes;
}

function validateReporting(obj: KubeObject): Causes {
  const causes: Causes = [];
  const ns = obj.metadata?.namespace ?? '';
  if (obj.eventTime && !obj.regarding?.namespace && ns !== 'default' && ns !== 'kube-system') {
    causes.push(fieldError.invalid('regarding.namespace', obj.regarding?.namespace ?? '', 'does not match event.namespace'));
  }
  if (!obj.reportingController) causes.push(fieldError.required('reportingController'));
  else for (const msg of isQualifiedName(String(obj.reportingController))) causes.push(fieldError.invalid('reportingController', obj.reportingController, msg));
  causes.push(...requiredShortText(obj.reportingInstance, 'reportingInstance', 128));
  causes.push(...requiredShortText(obj.action, 'action', 128));
  causes.push(...requiredShortText(obj.reason, 'reason', 128));
  if (typeof obj.note === 'string' && obj.note.length > 1024) causes.push(fieldError.invalid('note', '', 'can have at most 1024 characters'));
  return causes;
}

function validateSeries(obj: KubeObject): Causes {
  const series: Json | undefined = obj.series ?? undefined;
  if (!series) return [];
  const causes: Causes = [];
  if (!(typeof series.count === 'number' && series.count >= 2)) causes.push(fieldError.invalid('series.count', '', 'should be at least 2'));
  if (!series.lastObservedTime) causes.push(fieldError.required('series.lastObservedTime'));
  return causes;
}

function requiredShortText(value: unknown, path: string, max: number): Causes {
  if (!value) return [fieldError.required(path)];
  return String(value).length > max ? [fieldError.invalid(path, '', `can have at most ${max} characters`)] : [];
}

const unset = (field: string) => fieldError.invalid(field, '', 'needs to be unset');
