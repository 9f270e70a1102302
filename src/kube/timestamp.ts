// metav1.Time as the API serializes it: RFC 3339 to the second.

// Built once per second of time, not per call: every event and pod status write asks for it.
let lastSecond = NaN;
let lastText = '';

/** RFC 3339 with second precision (`2026-01-01T12:00:00Z`), fractions dropped. */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastText;
  lastText = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
  lastSecond = second;
  return lastText;
}
