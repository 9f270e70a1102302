// The API server's own health endpoints and version, fetched through the same client path
// as everything else. `/readyz?verbose` and `/livez?verbose` print one line per check:
//   [+]ping ok
//   [-]etcd failed: reason withheld
//   [+]etcd-readiness excluded: ok
// and end with `readyz check passed` (HTTP 200) or `readyz check failed` (HTTP 500).

import type { KubeTransport } from './transport.js';

export type HealthEndpoint = 'readyz' | 'livez';

export interface HealthCheck {
  name: string;
  ok: boolean;
  /** `reason withheld`, an error text, or `excluded` for checks excluded by the caller. */
  reason?: string;
}

export interface HealthReport {
  endpoint: HealthEndpoint;
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  ok: boolean;
  /** Failed checks first, then the rest in the server's order. */
  checks: HealthCheck[];
  /** The closing line (`readyz check passed`), when present. */
  verdict?: string;
  /** The body as the server sent it, for the read-only "API server health" document. */
  text: string;
  /** Why no checks could be read (unreachable, forbidden...). */
  error?: string;
}

const CHECK_LINE = /^\[([+-])\](\S+)\s+(.*)$/;

/** Parses a verbose health body into checks, failed ones first. */
export function parseHealthChecks(text: string): { checks: HealthCheck[]; verdict?: string } {
  const failed: HealthCheck[] = [];
  const passed: HealthCheck[] = [];
  let verdict: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = CHECK_LINE.exec(line);
    if (!m) {
      if (/check (passed|failed)$/.test(line)) verdict = line;
      continue;
    }
    const [, sign, name, rest] = m;
    if (sign === '+') {
      passed.push(rest.startsWith('excluded') ? { name, ok: true, reason: 'excluded' } : { name, ok: true });
    } else {
      const reason = rest.replace(/^failed:?\s*/, '');
      failed.push({ name, ok: false, reason: reason || 'failed' });
    }
  }
  return { checks: [...failed, ...passed], verdict };
}

export async function probeHealth(transport: KubeTransport, endpoint: HealthEndpoint): Promise<HealthReport> {
  try {
    const res = await transport.get(`/${endpoint}`, { verbose: true });
    const { checks, verdict } = parseHealthChecks(res.body);
    const report: HealthReport = { endpoint, status: res.status, ok: res.status === 200, checks, verdict, text: res.body };
    if (!checks.length && res.status !== 200) report.error = `/${endpoint} answered HTTP ${res.status}: ${statusMessage(res.body)}`;
    return report;
  } catch (err: any) {
    return { endpoint, status: 0, ok: false, checks: [], text: '', error: `cannot reach the API server: ${err?.message ?? err}` };
  }
}

function statusMessage(body: string): string {
  try {
    const s = JSON.parse(body);
    if (typeof s?.message === 'string') return s.message;
  } catch {
    // plain text
  }
  return body.trim().slice(0, 200);
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
  goVersion?: string;
  buildDate?: string;
}

export async function fetchServerVersion(transport: KubeTransport): Promise<ServerVersion> {
  const res = await transport.get('/version');
  if (res.status !== 200) throw new Error(`/version answered HTTP ${res.status}: ${statusMessage(res.body)}`);
  const v = JSON.parse(res.body);
  return { major: String(v.major ?? ''), minor: String(v.minor ?? ''), gitVersion: String(v.gitVersion ?? ''), platform: v.platform, goVersion: v.goVersion, buildDate: v.buildDate };
}
