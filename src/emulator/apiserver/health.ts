// /livez, /readyz and /healthz with kube-apiserver's checks and output: `[+]name ok`
// lines with ?verbose, ?exclude=<check>, /<endpoint>/<check>, and `[-]name failed: reason
// withheld` + HTTP 500 when a check fails. The etcd checks ask the real store.
import { textResponse, type ApiResponse } from './request.js';

export type HealthEndpoint = 'livez' | 'readyz' | 'healthz';

/** Returns undefined when healthy, else the (withheld) reason. */
export type HealthCheck = () => string | undefined;

const POST_START_HOOKS = [
  'start-kube-apiserver-admission-initializer',
  'generic-apiserver-start-informers',
  'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter',
  'storage-object-count-tracker-hook',
  'start-apiextensions-informers',
  'start-apiextensions-controllers',
  'crd-informer-synced',
  'bootstrap-controller',
  'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes',
  'priority-and-fairness-config-producer',
  'start-cluster-authentication-info-controller',
  'aggregator-reload-proxy-client-cert',
  'start-kube-aggregator-informers',
  'apiservice-registration-controller',
  'apiservice-status-available-controller',
  'kube-apiserver-autoregistration',
];

export interface HealthState {
  storeHealth(): { ok: boolean; reason?: string };
  /** True once the server started shutting down (readyz fails first, as in Kubernetes). */
  shuttingDown(): boolean;
}

function checksFor(endpoint: HealthEndpoint, state: HealthState): [string, HealthCheck][] {
  const ok: HealthCheck = () => undefined;
  const etcd: HealthCheck = () => {
    const h = state.storeHealth();
    return h.ok ? undefined : (h.reason ?? 'etcd unavailable');
  };
  const checks: [string, HealthCheck][] = [
    ['ping', ok],
    ['log', ok],
    ['etcd', etcd],
  ];
  if (endpoint === 'readyz') checks.push(['etcd-readiness', etcd], ['informer-sync', ok]);
  for (const hook of POST_START_HOOKS) checks.push([`poststarthook/${hook}`, ok]);
  if (endpoint !== 'livez') checks.push(['autoregister-completion', ok]);
  checks.push(['poststarthook/apiservice-openapi-controller', ok], ['poststarthook/apiservice-openapiv3-controller', ok]);
  if (endpoint === 'readyz') checks.push(['shutdown', () => (state.shuttingDown() ? 'process is shutting down' : undefined)]);
  return checks;
}

/** Answers /<endpoint>[/<check>]; `sub` is the check path after the endpoint, if any. */
export function handleHealth(endpoint: HealthEndpoint, sub: string | undefined, query: URLSearchParams, state: HealthState): ApiResponse {
  const checks = checksFor(endpoint, state);
  if (sub) {
    const found = checks.find(([name]) => name === sub);
    if (!found) return textResponse(404, '404 page not found\n');
    const failure = found[1]();
    return failure === undefined ? textResponse(200, 'ok') : textResponse(500, `internal server error: ${failure}\n`);
  }
  const excluded = new Set(query.getAll('exclude').flatMap((e) => e.split(',')).filter((e) => e !== ''));
  const lines: string[] = [];
  let failed = false;
  const unmatched = new Set(excluded);
  for (const [name, check] of checks) {
    if (excluded.has(name)) {
      unmatched.delete(name);
      continue;
    }
    const failure = check();
    if (failure === undefined) lines.push(`[+]${name} ok`);
    else {
      failed = true;
      lines.push(`[-]${name} failed: reason withheld`);
    }
  }
  if (unmatched.size > 0) lines.push(`warn: some health checks cannot be excluded: no matches for ${[...unmatched].map((u) => `"${u}"`).join(',')}`);
  const verbose = query.has('verbose');
  if (failed) return textResponse(500, `${lines.join('\n')}\n${endpoint} check failed\n`);
  if (!verbose) return textResponse(200, 'ok');
  return textResponse(200, `${lines.join('\n')}\n${endpoint} check passed\n`);
}
