// The default roles kube-apiserver's rbac/bootstrap-roles post-start hook creates, abridged to
// the kinds the emulator serves: cluster-admin (bound to system:masters), the user-facing
// admin/edit/view (aggregated from system:aggregate-to-*), and the discovery, basic-user and
// public-info-viewer roles that let any authenticated user do discovery and self reviews.
import type { KubeObject } from '../../../kube/object.js';
import type { ServerContext } from '../context.js';
import { createObject } from '../persist.js';
import { storageKey } from '../registry.js';
import type { PolicyRule } from './policy-rule.js';

const GROUP = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });
const nonResource = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

const VIEW_RULES: PolicyRule[] = [
  rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
  rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

const EDIT_RULES: PolicyRule[] = [
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction', 'serviceaccounts/token']),
  rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(WRITE, ['coordination.k8s.io'], ['leases']),
  rule(READ, ['coordination.k8s.io'], ['leases']),
];

const ADMIN_RULES: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule([...WRITE, ...READ], [GROUP], ['rolebindings', 'roles']),
];

function clusterRole(name: string, rules: PolicyRule[], extra: { labels?: Record<string, string>; aggregateFrom?: string } = {}): KubeObject {
  const role: KubeObject = {
    apiVersion: `${GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...extra.labels }, annotations: { ...AUTOUPDATE } },
    rules,
  };
  if (extra.aggregateFrom) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }] };
  return role;
}

function clusterRoleBinding(name: string, groups: string[]): KubeObject {
  return {
    apiVersion: `${GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: GROUP, kind: 'ClusterRole', name },
    subjects: groups.map((g) => ({ apiGroup: GROUP, kind: 'Group', name: g })),
  };
}

const aggregateLabel = (to: string): string => `rbac.authorization.k8s.io/aggregate-to-${to}`;

export function defaultClusterRoles(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), nonResource(['*'], ['*'])]),
    clusterRole('admin', [], { aggregateFrom: aggregateLabel('admin') }),
    clusterRole('edit', [], { aggregateFrom: aggregateLabel('edit'), labels: { [aggregateLabel('admin')]: 'true' } }),
    clusterRole('view', [], { aggregateFrom: aggregateLabel('view'), labels: { [aggregateLabel('edit')]: 'true' } }),
    clusterRole('system:aggregate-to-admin', ADMIN_RULES, { labels: { [aggregateLabel('admin')]: 'true' } }),
    clusterRole('system:aggregate-to-edit', EDIT_RULES, { labels: { [aggregateLabel('edit')]: 'true' } }),
    clusterRole('system:aggregate-to-view', VIEW_RULES, { labels: { [aggregateLabel('view')]: 'true' } }),
    clusterRole('system:discovery', [nonResource(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])]),
    clusterRole('system:basic-user', [rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']), rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews'])]),
    clusterRole('system:public-info-viewer', [nonResource(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
  ];
}

export function defaultClusterRoleBindings(): KubeObject[] {
  return [
    clusterRoleBinding('cluster-admin', ['system:masters']),
    clusterRoleBinding('system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
  ];
}

/** Creates the default roles and bindings that are missing; existing ones (maybe edited) are kept. */
export async function bootstrapRbacPolicy(ctx: ServerContext): Promise<void> {
  const roles = ctx.registry.lookup(GROUP, 'v1', 'clusterroles');
  const bindings = ctx.registry.lookup(GROUP, 'v1', 'clusterrolebindings');
  if (!roles || !bindings) return;
  const options = { dryRun: false, manager: 'kube-apiserver', fieldValidation: 'Ignore' as const, warnings: [] };
  for (const [r, objects] of [[roles, defaultClusterRoles()], [bindings, defaultClusterRoleBindings()]] as const) {
    for (const obj of objects) {
      if (ctx.store.get(storageKey(r, undefined, obj.metadata.name ?? ''))) continue;
      await createObject(ctx, r, obj, { ...options, warnings: [] });
    }
  }
}
