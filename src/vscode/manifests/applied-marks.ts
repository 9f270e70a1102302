// What an apply just changed, remembered for a few seconds so the tree and the diagram can
// "light it up": the objects applied and the pods they lead to. Pods are matched by their
// controlling owner (kind and name, from the slim record's scheduling part): the applied
// ReplicaSet, DaemonSet, Job or StatefulSet itself, a Deployment's ReplicaSet `web-<hash>`, a
// CronJob's Job `c-<time>`. A record without its owner's name falls back to the names the
// controllers give pods (`web-<hash>-<5>`, `db-0`, `x-<5>`), which long names truncate.
// Pure: time comes from a Clock.

import type { Clock } from '../../kube/clock';

export interface AppliedObjectRef {
  kind: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

export interface PodIdentity {
  namespace: string;
  name: string;
  ownerKind?: string;
  /** The controlling owner, when the record knows its name. */
  scheduling?: { controller?: { kind: string; name: string } };
}

/** How long the light stays on: long enough to look over after the notification. */
export const APPLIED_HIGHLIGHT_MS = 10_000;

const SUFFIX = '[a-z0-9]{5}';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The controlling owner an applied object's pods have: its kind and the shape of its name. */
function ownerShape(ref: AppliedObjectRef): { kind: string; name: RegExp } | undefined {
  const n = escape(ref.name);
  switch (ref.kind) {
    case 'Deployment':
      return { kind: 'ReplicaSet', name: new RegExp(`^${n}-[a-z0-9]{1,10}$`) };
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job':
    case 'StatefulSet':
      return { kind: ref.kind, name: new RegExp(`^${n}$`) };
    case 'CronJob':
      return { kind: 'Job', name: new RegExp(`^${n}-\\d+$`) };
    default:
      return undefined;
  }
}

/** The owner kind and name shape of the pods an applied object leads to, or undefined for none. */
function podShape(ref: AppliedObjectRef): { ownerKind: string | undefined; name: RegExp } | undefined {
  const n = escape(ref.name);
  switch (ref.kind) {
    case 'Pod':
      return { ownerKind: undefined, name: new RegExp(`^${n}$`) };
    case 'Deployment':
      return { ownerKind: 'ReplicaSet', name: new RegExp(`^${n}-[a-z0-9]{1,10}-${SUFFIX}$`) };
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job':
      return { ownerKind: ref.kind, name: new RegExp(`^${n}-${SUFFIX}$`) };
    case 'StatefulSet':
      return { ownerKind: 'StatefulSet', name: new RegExp(`^${n}-\\d+$`) };
    case 'CronJob':
      return { ownerKind: 'Job', name: new RegExp(`^${n}-\\d+-${SUFFIX}$`) };
    default:
      return undefined;
  }
}

/** True when the pod is one the applied object makes (or is, for a Pod). */
export function podComesFrom(ref: AppliedObjectRef, pod: PodIdentity): boolean {
  if (!ref.namespace || ref.namespace !== pod.namespace) return false;
  const controller = pod.scheduling?.controller;
  if (controller) {
    const owner = ownerShape(ref);
    return owner !== undefined && controller.kind === owner.kind && owner.name.test(controller.name);
  }
  if (ref.kind === 'Pod' && pod.scheduling) return pod.name === ref.name && !pod.ownerKind;
  const shape = podShape(ref);
  if (!shape || !shape.name.test(pod.name)) return false;
  // A bare Pod has no owner; a controller's pod names its controller's kind.
  return shape.ownerKind === undefined ? !pod.ownerKind : pod.ownerKind === shape.ownerKind;
}

export class RecentlyApplied {
  private refs: AppliedObjectRef[] = [];
  private until = 0;

  constructor(
    private readonly clock: Clock,
    readonly durationMs = APPLIED_HIGHLIGHT_MS,
  ) {}

  /** A new apply replaces what the last one lit up. */
  record(refs: readonly AppliedObjectRef[]): void {
    this.refs = [...refs];
    this.until = refs.length ? this.clock.now() + this.durationMs : 0;
  }

  get active(): boolean {
    return this.refs.length > 0 && this.clock.now() < this.until;
  }

  /** Clock time at which the light goes out (0 when off). */
  get expiresAt(): number {
    return this.active ? this.until : 0;
  }

  /** The applied objects (while lit). */
  objects(): readonly AppliedObjectRef[] {
    return this.active ? this.refs : [];
  }

  isAppliedPod(pod: PodIdentity): boolean {
    return this.active && this.refs.some((r) => podComesFrom(r, pod));
  }

  /** `namespace/name` keys of the pods among `pods` that the applied objects lead to. */
  podKeys(pods: Iterable<PodIdentity>): string[] {
    if (!this.active) return [];
    const out: string[] = [];
    for (const p of pods) if (this.refs.some((r) => podComesFrom(r, p))) out.push(`${p.namespace}/${p.name}`);
    return out;
  }
}
