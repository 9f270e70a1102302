// The RBAC objects in memory, kept current from a watch on their part of the store (what
// kube-apiserver's RBAC authorizer gets from its informers), with bindings indexed by
// subject so a request looks up only the bindings that name its user or groups.
import type { KubeObject } from '../../../kube/object.js';
import { labelSelectorFromSpec, matchesLabels, type LabelSelector, type LabelSelectorSpec } from '../../../kube/selectors.js';
import type { Store, StoreEvent, WatchHandle } from '../../store/types.js';
import { normalizeRule, type PolicyRule } from './policy-rule.js';
import type { UserInfo } from './user.js';

export const RBAC_PREFIX = '/registry/rbac.authorization.k8s.io/';

export interface RoleRef {
  kind: string;
  name: string;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

interface Role {
  name: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  /** ClusterRoles only: the roles whose rules this one gathers (aggregationRule). */
  aggregation?: LabelSelector[];
}

/** A binding's role, resolved: the rules it grants, or why it grants none. */
export interface BoundRules {
  binding: Binding;
  rules: PolicyRule[];
  error?: string;
}

const KINDS: Record<string, 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding'> = {
  roles: 'Role',
  clusterroles: 'ClusterRole',
  rolebindings: 'RoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
};

function subjectKey(s: Subject, bindingNamespace: string | undefined): string | undefined {
  if (s.kind === 'User') return `u:${s.name}`;
  if (s.kind === 'Group') return `g:${s.name}`;
  if (s.kind === 'ServiceAccount') return `u:system:serviceaccount:${s.namespace || bindingNamespace || ''}:${s.name}`;
  return undefined;
}

/** The subject keys a user answers to: its name and each of its groups. */
export function keysOf(user: UserInfo): string[] {
  return [`u:${user.username}`, ...user.groups.map((g) => `g:${g}`)];
}

export class RbacIndex {
  private readonly clusterRoles = new Map<string, Role>();
  private readonly roles = new Map<string, Role>();
  /** subject key -> binding key -> binding; role bindings keyed by `namespace\0subject`. */
  private readonly clusterBindings = new Map<string, Map<string, Binding>>();
  private readonly roleBindings = new Map<string, Map<string, Binding>>();
  private readonly bindingsByKey = new Map<string, Binding>();
  private handle?: WatchHandle;
  /** Bumped on every change, so caches of resolved rules know when to drop. */
  generation = 0;

  constructor(private readonly store: Store) {}

  start(): void {
    if (this.handle) return;
    const listed = this.store.list(RBAC_PREFIX);
    for (const v of listed.items) this.apply(v.key, v.json);
    this.handle = this.store.watch(RBAC_PREFIX, listed.revision, (e) => this.onEvent(e));
  }

  stop(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }

  /** Bindings that name this user or one of its groups: cluster-wide ones, and those of `namespace`. */
  bindingsFor(user: UserInfo, namespace: string | undefined): Binding[] {
    const out: Binding[] = [];
    const seen = new Set<Binding>();
    const collect = (m: Map<string, Binding> | undefined): void => {
      if (!m) return;
      for (const b of m.values()) {
        if (seen.has(b)) continue;
        seen.add(b);
        out.push(b);
      }
    };
    // ClusterRoleBindings first, as kube visits them (it decides which one an allow cites).
    const keys = keysOf(user);
    for (const k of keys) collect(this.clusterBindings.get(k));
    if (namespace) for (const k of keys) collect(this.roleBindings.get(`${namespace}\0${k}`));
    return out;
  }

  /** The rules a binding grants through its roleRef; a missing role grants none and says so. */
  rulesOf(binding: Binding): BoundRules {
    const ref = binding.roleRef;
    if (ref.kind === 'ClusterRole') {
      const role = this.clusterRoles.get(ref.name);
      if (!role) return { binding, rules: [], error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
      return { binding, rules: this.clusterRoleRules(role) };
    }
    if (ref.kind === 'Role' && binding.namespace) {
      const role = this.roles.get(`${binding.namespace}/${ref.name}`);
      if (!role) return { binding, rules: [], error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
      return { binding, rules: role.rules };
    }
    return { binding, rules: [], error: `unknown roleRef kind "${ref.kind}"` };
  }

  /**
   * An aggregated ClusterRole's rules: its own plus those of every role its selectors match,
   * themselves aggregated (admin gathers edit, which gathers view), as kube's aggregation
   * controller would have written them into each role.
   */
  private clusterRoleRules(role: Role, visiting = new Set<Role>()): PolicyRule[] {
    if (!role.aggregation) return role.rules;
    visiting.add(role);
    const rules = [...role.rules];
    for (const other of this.clusterRoles.values()) {
      if (visiting.has(other)) continue;
      if (role.aggregation.some((s) => s.length > 0 && matchesLabels(s, other.labels))) rules.push(...this.clusterRoleRules(other, visiting));
    }
    visiting.delete(role);
    return rules;
  }

  private onEvent(e: StoreEvent): void {
    if (e.type === 'DELETED') this.remove(e.value.key);
    else this.apply(e.value.key, e.value.json);
  }

  private apply(key: string, json: string): void {
    const kind = KINDS[key.slice(RBAC_PREFIX.length).split('/')[0]];
    if (!kind) return;
    let obj: KubeObject;
    try {
      obj = JSON.parse(json) as KubeObject;
    } catch {
      return;
    }
    this.remove(key);
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace;
    if (kind === 'Role' || kind === 'ClusterRole') {
      const rules = (Array.isArray(obj.rules) ? obj.rules : []).map(normalizeRule).filter((r: PolicyRule | undefined): r is PolicyRule => r !== undefined);
      const role: Role = { name, labels: obj.metadata?.labels ?? {}, rules };
      const selectors = obj.aggregationRule?.clusterRoleSelectors;
      if (kind === 'ClusterRole' && Array.isArray(selectors)) role.aggregation = selectors.map((s: LabelSelectorSpec) => labelSelectorFromSpec(s));
      if (kind === 'Role') this.roles.set(`${namespace}/${name}`, role);
      else this.clusterRoles.set(name, role);
    } else {
      const binding: Binding = {
        kind,
        name,
        namespace: kind === 'RoleBinding' ? namespace : undefined,
        roleRef: { kind: String(obj.roleRef?.kind ?? ''), name: String(obj.roleRef?.name ?? '') },
        subjects: (Array.isArray(obj.subjects) ? obj.subjects : []).filter((s: Subject) => s && typeof s.name === 'string'),
      };
      this.bindingsByKey.set(key, binding);
      for (const s of binding.subjects) {
        const sk = subjectKey(s, binding.namespace);
        if (!sk) continue;
        const [index, k] = kind === 'RoleBinding' ? [this.roleBindings, `${namespace}\0${sk}`] : [this.clusterBindings, sk];
        let m = index.get(k);
        if (!m) index.set(k, (m = new Map()));
        m.set(key, binding);
      }
    }
    this.generation++;
  }

  private remove(key: string): void {
    const rest = key.slice(RBAC_PREFIX.length).split('/');
    const kind = KINDS[rest[0]];
    if (kind === 'Role') this.roles.delete(rest.slice(1).join('/'));
    else if (kind === 'ClusterRole') this.clusterRoles.delete(rest[1] ?? '');
    else {
      const binding = this.bindingsByKey.get(key);
      if (!binding) return;
      this.bindingsByKey.delete(key);
      for (const s of binding.subjects) {
        const sk = subjectKey(s, binding.namespace);
        if (!sk) continue;
        const [index, k] = binding.kind === 'RoleBinding' ? [this.roleBindings, `${binding.namespace}\0${sk}`] : [this.clusterBindings, sk];
        const m = index.get(k);
        m?.delete(key);
        if (m && m.size === 0) index.delete(k);
      }
    }
    this.generation++;
  }
}
