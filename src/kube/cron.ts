// Cron schedules as CronJobs take them, parsed once for both users: the API server's
// validation (a bad schedule fails with the words of the robfig/cron parser kube uses) and
// the CronJob controller (next and most recent times, in UTC). Five fields, names, ranges,
// steps, lists, `?`, a CRON_TZ=/TZ= prefix, the @hourly family and @every <duration>.

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day of month and day of week both restricted: either may match (cron's OR rule). */
  dayOr: boolean;
  /** `@every <duration>`: a constant delay in ms instead of the fields. */
  everyMs?: number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = Object.fromEntries(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]));
const WEEKDAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: WEEKDAYS },
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const DURATION_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseIntStrict(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : parseIntStrict(expr);
}

/** One comma-separated part of a field (`*`, `5`, `1-5`, `*\/15`, `10/5`) added to `values`; true when it is a star. */
function addRange(expr: string, b: Bounds, values: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const isStar = lowAndHigh[0] === '*' || lowAndHigh[0] === '?';
  let star = isStar;
  let start: number;
  let end: number;
  let step = 1;
  if (isStar) {
    start = b.min;
    end = b.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], b.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  if (rangeAndStep.length === 2) {
    step = parseIntStrict(rangeAndStep[1]);
    if (step <= 0) throw new Error(`step of range should be a positive number: ${expr}`);
    // `N/step` means `N-max/step`; a real step makes a star a restriction.
    if (lowAndHigh.length === 1 && !isStar) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  for (let v = start; v <= end; v += step) values.add(v);
  return star;
}

function parseField(text: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const expr of text.split(',')) star = addRange(expr, b, values) || star;
  return { values, star };
}

function parseEvery(text: string): number {
  const parts = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(text) ? text.match(/[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h)/g) : null;
  if (!parts) throw new Error(`failed to parse duration @every ${text}: time: invalid duration ${JSON.stringify(text)}`);
  const ms = parts.reduce((sum, p) => {
    const [, n, unit] = /^([0-9.]+)(.*)$/.exec(p)!;
    return sum + Number(n) * DURATION_UNIT_MS[unit];
  }, 0);
  // The parser rounds a delay below one second up to one second, and drops sub-second parts.
  return Math.max(1000, Math.floor(ms / 1000) * 1000);
}

/** Parses a schedule; throws an Error worded as the robfig/cron parser words it. */
export function parseCronSchedule(schedule: string): CronSchedule {
  let spec = schedule.trim();
  if (spec.length === 0) throw new Error('empty spec string');
  const tz = /^(CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) spec = spec.slice(tz[0].length).trim();
  if (spec.startsWith('@every ')) {
    const everyMs = parseEvery(spec.slice('@every '.length).trim());
    return { minutes: new Set(), hours: new Set(), days: new Set(), months: new Set(), weekdays: new Set(), dayOr: false, everyMs };
  }
  if (spec.startsWith('@')) {
    const expanded = DESCRIPTORS[spec];
    if (!expanded) throw new Error(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== FIELDS.length) throw new Error(`expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(' ')}]`);
  const parsed = fields.map((f, i) => parseField(f, FIELDS[i]));
  const [minutes, hours, dom, months, dow] = parsed;
  return { minutes: minutes.values, hours: hours.values, days: dom.values, months: months.values, weekdays: dow.values, dayOr: !dom.star && !dow.star };
}

/** The parser's complaint about `schedule`, or undefined when it is valid. */
export function cronScheduleError(schedule: string): string | undefined {
  try {
    parseCronSchedule(schedule);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  return s.dayOr ? dom || dow : dom && dow;
}

/** The first scheduled time strictly after `afterMs` (a whole minute, or afterMs + the @every delay). */
export function nextScheduleTime(s: CronSchedule, afterMs: number): number {
  if (s.everyMs !== undefined) return Math.floor(afterMs / 1000) * 1000 + s.everyMs;
  const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  for (let guard = 0; guard < 600_000; guard++) {
    if (!s.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return d.getTime();
  }
  throw new Error('no schedule time found within 5 years');
}

/**
 * The most recent scheduled time in (sinceMs, nowMs], and how many were missed in that
 * window (the controller warns past 100, as upstream does).
 */
export function mostRecentScheduleTime(s: CronSchedule, sinceMs: number, nowMs: number): { time?: number; missed: number } {
  if (s.everyMs !== undefined) {
    const first = nextScheduleTime(s, sinceMs);
    if (first > nowMs) return { missed: 0 };
    const missed = 1 + Math.floor((nowMs - first) / s.everyMs);
    return { time: first + (missed - 1) * s.everyMs, missed };
  }
  let time: number | undefined;
  let missed = 0;
  for (let t = nextScheduleTime(s, sinceMs); t <= nowMs; t = nextScheduleTime(s, t)) {
    time = t;
    if (++missed > 100) {
      // Too many to walk one by one: jump to the last one before now.
      let back = nowMs;
      for (;;) {
        const probe = nextScheduleTime(s, back - 60_000 * 60 * 24);
        if (probe <= nowMs) {
          let last = probe;
          for (let u = nextScheduleTime(s, probe); u <= nowMs; u = nextScheduleTime(s, u)) last = u;
          return { time: last, missed };
        }
        back -= 60_000 * 60 * 24;
      }
    }
  }
  return { time, missed };
}
