// klog's line header, as Kubernetes components write their logs:
// `Lmmdd hh:mm:ss.uuuuuu threadid source] message`, L being I(nfo), W(arning), E(rror) or
// F(atal). The emulator writes its log this way (in UTC; klog uses local time) so it reads like
// its components' logs, and so the extension can show each line at its level.

export type KlogSeverity = 'I' | 'W' | 'E' | 'F';

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** One log line (no newline) with klog's header; `source` stands where klog puts file:line. */
export function klogLine(severity: KlogSeverity, message: string, nowMs: number, threadId: number, source: string): string {
  const d = new Date(nowMs);
  const micros = String(d.getUTCMilliseconds() * 1000).padStart(6, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros}`;
  return `${severity}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${time} ${String(threadId).padStart(7)} ${source}] ${message}`;
}

const HEADER = /^([IWEF])(\d{4}) (\d\d:\d\d:\d\d\.\d{6}) +(\d+) ([^\]\s]+)\] /;

/** A line's severity, source and message when it starts with klog's header; else undefined. */
export function parseKlogLine(line: string): { severity: KlogSeverity; source: string; message: string } | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  return { severity: m[1] as KlogSeverity, source: m[5], message: line.slice(m[0].length) };
}
