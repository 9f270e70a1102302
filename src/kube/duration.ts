// Durations the way Kubernetes prints them (k8s.io/apimachinery/pkg/util/duration): the AGE column,
// RESTARTS "(5m ago)", job DURATION. Inputs are milliseconds; Go truncates toward zero, so do we.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function trunc(ms: number, unit: number): number {
  return Math.trunc(ms / unit);
}

/** HumanDuration: about 2-3 significant figures, e.g. "45s", "3m2s", "25m", "5h3m", "2d3h", "4y". */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms, SECOND);
  // Up to 2 s in the future is tolerated as clock skew between machines.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours, 24)}d` : `${trunc(hours, 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours, 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = trunc(hours, 24);
    const dy = days % 365;
    return dy === 0 ? `${trunc(days, 365)}y` : `${trunc(days, 365)}y${dy}d`;
  }
  return `${trunc(hours, 24 * 365)}y`;
}

/** ShortHumanDuration: one unit only, e.g. "45s", "3m", "5h", "2d", "4y". */
export function shortHumanDuration(ms: number): string {
  const seconds = trunc(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${trunc(hours, 24)}d`;
  return `${trunc(hours, 24 * 365)}y`;
}

/** Time since an RFC 3339 timestamp as HumanDuration, "<unknown>" when absent or unparsable. */
export function humanTimeSince(timestamp: string | undefined | null, now: number): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}
