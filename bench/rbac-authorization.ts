// What RBAC costs a request: ApiServer.handle() GET of one pod in-process, as the API server
// itself (no user, today's path before authorization), as the admin (system:masters, the
// short cut), as a ServiceAccount allowed by a RoleBinding among many bindings, and refused.
// Rounds interleave the variants (rotating which goes first) so machine load hits them alike;
// medians of per-round means.
// Run: node --import tsx bench/rbac-authorization.ts [bindings]
import { KUBERNETES_ADMIN, serviceAccountUser, type UserInfo } from '../src/emulator/apiserver/auth/user';
import { apiRequest as req, inProcessApiServer } from './apiserver-in-process';
import { typicalPod } from './apiserver-support';

const BINDINGS = Number(process.argv[2] ?? 2000);
const CALLS = 20000;
const ROUNDS = 7;

async function main(): Promise<void> {
  const { api, store } = await inProcessApiServer();
  await api.access.enable('bench-admin-token');
  const create = async (path: string, obj: unknown) => {
    const r = await api.handle(req('POST', path, obj));
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${String(r.body)}`);
  };
  const rbac = '/apis/rbac.authorization.k8s.io/v1/namespaces/dev';
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
  await create('/api/v1/namespaces/dev/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'viewer' } });
  await create('/api/v1/namespaces/dev/pods', typicalPod('target', 'dev'));
  await create(`${rbac}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] });
  // Many bindings for other users: the lookup must not scan them.
  for (let i = 0; i < BINDINGS; i++) {
    await create(`${rbac}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `b-${i}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: `user-${i}` }] });
  }
  await create(`${rbac}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'viewer-pods' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'dev' }] });

  const get = req('GET', '/api/v1/namespaces/dev/pods/target');
  const variants: { name: string; user?: UserInfo; status: number }[] = [
    { name: 'no user (in-process)', status: 200 },
    { name: 'admin (system:masters)', user: KUBERNETES_ADMIN, status: 200 },
    { name: 'ServiceAccount, allowed', user: serviceAccountUser('dev', 'viewer'), status: 200 },
    { name: 'user, forbidden (403)', user: { username: 'nobody', groups: ['system:authenticated'] }, status: 403 },
  ];
  const perRound = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    // Each round starts with a different variant, so none always runs right after a GC-heavy one.
    for (const v of [...variants.slice(round % variants.length), ...variants.slice(0, round % variants.length)]) {
      const t0 = performance.now();
      for (let i = 0; i < CALLS; i++) {
        const r = await api.handle(get, v.user);
        if (r.status !== v.status) throw new Error(`${v.name}: ${r.status}`);
      }
      // Round 0 warms the JIT and is not counted.
      if (round > 0) perRound.get(v.name)!.push(((performance.now() - t0) * 1000) / CALLS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(perRound.get(variants[0].name)!);
  console.log(`GET one pod through ApiServer.handle, ${BINDINGS} unrelated RoleBindings, ${CALLS} calls x ${ROUNDS} rounds`);
  for (const v of variants) {
    const m = median(perRound.get(v.name)!);
    console.log(`  ${v.name.padEnd(26)} median ${m.toFixed(1)} us/request  (x${(m / base).toFixed(2)} of no user)`);
  }
  api.stop();
  await store.close();
}

void main();
