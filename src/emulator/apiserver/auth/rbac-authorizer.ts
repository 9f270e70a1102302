// The RBAC authorizer: allows a request when a rule of a role bound to the user (or one of
// its groups) allows it; members of system:masters are allowed everything without looking.
// Resolved rules are cached per user and namespace until the RBAC objects change.
import type { Attributes } from './attributes.js';
import { ruleAllows, type PolicyRule } from './policy-rule.js';
import { keysOf, type Binding, type BoundRules, type RbacIndex, type Subject } from './rbac-index.js';
import { isPrivileged, type UserInfo } from './user.js';

export interface Decision {
  allowed: boolean;
  /** Why, in kube's words: `RBAC: allowed by RoleBinding "x/dev" of Role "y" to User "z"`, or the errors met. */
  reason: string;
}

export interface UserRules {
  rules: PolicyRule[];
  /** Roles that bindings name but that do not exist. */
  errors: string[];
}

const CACHE_LIMIT = 4096;

function describeSubject(s: Subject, bindingNamespace: string | undefined): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace || ''}"`;
  return `${s.kind} "${s.name}"`;
}

function subjectMatches(s: Subject, b: Binding, keys: Set<string>): boolean {
  if (s.kind === 'User') return keys.has(`u:${s.name}`);
  if (s.kind === 'Group') return keys.has(`g:${s.name}`);
  if (s.kind === 'ServiceAccount') return keys.has(`u:system:serviceaccount:${s.namespace || b.namespace || ''}:${s.name}`);
  return false;
}

function describeBinding(b: Binding, user: UserInfo): string {
  const keys = new Set(keysOf(user));
  const subject = b.subjects.find((s) => subjectMatches(s, b, keys));
  const name = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name;
  return `${b.kind} "${name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${subject ? describeSubject(subject, b.namespace) : 'unknown'}`;
}

/** Go's aggregate error text: one error alone, several as `[a, b]`. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

export class RbacAuthorizer {
  private readonly cache = new Map<string, BoundRules[]>();
  private cachedGeneration = -1;

  constructor(private readonly index: RbacIndex) {}

  authorize(user: UserInfo, a: Attributes): Decision {
    if (isPrivileged(user)) return { allowed: true, reason: '' };
    const errors: string[] = [];
    for (const bound of this.resolve(user, a.isResource ? a.namespace : undefined)) {
      if (bound.error) errors.push(bound.error);
      for (const rule of bound.rules) {
        if (ruleAllows(rule, a)) return { allowed: true, reason: `RBAC: allowed by ${describeBinding(bound.binding, user)}` };
      }
    }
    return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : '' };
  }

  /** Every rule that applies to the user in a namespace (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string | undefined): UserRules {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    for (const bound of this.resolve(user, namespace)) {
      if (bound.error) errors.push(bound.error);
      rules.push(...bound.rules);
    }
    return { rules, errors };
  }

  private resolve(user: UserInfo, namespace: string | undefined): BoundRules[] {
    if (this.cachedGeneration !== this.index.generation) {
      this.cache.clear();
      this.cachedGeneration = this.index.generation;
    }
    const key = `${namespace ?? ''}\0${user.username}\0${user.groups.join('\0')}`;
    let bound = this.cache.get(key);
    if (!bound) {
      bound = this.index.bindingsFor(user, namespace).map((b) => this.index.rulesOf(b));
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, bound);
    }
    return bound;
  }
}
