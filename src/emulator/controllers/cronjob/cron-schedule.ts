// Standard cron schedules (five fields, names, ranges, steps, lists and the @hourly family)
// evaluated in UTC, as the CronJob controller needs them: the next time after an instant and
// the most recent time at or before one.

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day of month and day of week both restricted: either may match (cron's OR rule). */
  dayOr: boolean;
}

function parseField(text: string, min: number, max: number, names?: string[]): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  const value = (s: string): number => {
    const i = names?.indexOf(s.toLowerCase()) ?? -1;
    const n = i >= 0 ? i + (names === MONTHS ? 1 : 0) : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`value "${s}" out of range [${min}, ${max}]`);
    return n;
  };
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [min, max];
      if (stepText === undefined) star = true;
    } else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      [lo, hi] = [value(a!), value(b!)];
    } else {
      lo = value(range!);
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

export function parseCronSchedule(spec: string): CronSchedule {
  let text = spec.trim();
  text = text.replace(/^(CRON_)?TZ=\S+\s+/, '');
  text = MACROS[text] ?? text;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${spec}`);
  const dom = parseField(fields[2]!, 1, 31);
  const dow = parseField(fields[4]!, 0, 7, DAYS);
  if (dow.values.has(7)) dow.values.add(0);
  return {
    minutes: parseField(fields[0]!, 0, 59).values,
    hours: parseField(fields[1]!, 0, 23).values,
    days: dom.values,
    months: parseField(fields[3]!, 1, 12, MONTHS).values,
    weekdays: dow.values,
    dayOr: !dom.star && !dow.star,
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  return s.dayOr ? dom || dow : dom && dow;
}

/** The first scheduled minute strictly after `afterMs`. */
export function nextScheduleTime(s: CronSchedule, afterMs: number): number {
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
