// A pod's Events in one shape, whichever API wrote them: core/v1 (firstTimestamp,
// lastTimestamp, count, source) or events.k8s.io/v1 (eventTime, series, note,
// reportingController), including core/v1 events written by the newer recorder (eventTime and
// series, no timestamps). Malformed items are skipped.
import { fields, num, text, timeMs } from './api-fields.js';

export interface PodEvent {
  /** metadata.name: stable while the event's count goes up. */
  name: string;
  reason: string;
  message: string;
  type: string;
  /** RFC 3339 first occurrence. */
  firstTime?: string;
  lastTime?: string;
  count: number;
  /** The reporting component as the event names it, e.g. default-scheduler, kubelet. */
  reporter: string;
  /** The UID of the object the event is about, when it says. */
  objectUID?: string;
}

export function normalizeEvent(raw: unknown): PodEvent | undefined {
  const e = fields(raw);
  const meta = fields(e.metadata);
  const reason = text(e.reason);
  const name = text(meta.name);
  if (!reason || !name) return undefined;
  const series = fields(e.series);
  const eventTime = validTime(e.eventTime);
  const firstTime = validTime(e.firstTimestamp) ?? validTime(e.deprecatedFirstTimestamp) ?? eventTime;
  const lastTime = validTime(series.lastObservedTime) ?? validTime(e.lastTimestamp) ?? validTime(e.deprecatedLastTimestamp) ?? firstTime;
  const count = Math.max(1, num(series.count) ?? num(e.count) ?? num(e.deprecatedCount) ?? 1);
  const source = fields(e.source ?? e.deprecatedSource);
  const reporter = text(source.component) ?? text(e.reportingComponent) ?? text(e.reportingController) ?? '';
  const about = fields(e.involvedObject ?? e.regarding);
  const ev: PodEvent = { name, reason, message: text(e.message) ?? text(e.note) ?? '', type: text(e.type) ?? 'Normal', count, reporter };
  if (firstTime) ev.firstTime = firstTime;
  if (lastTime) ev.lastTime = lastTime;
  const uid = text(about.uid);
  if (uid) ev.objectUID = uid;
  return ev;
}

function validTime(v: unknown): string | undefined {
  return timeMs(v) === undefined ? undefined : (v as string);
}
