// VolumeBinding: a pod's PersistentVolumeClaims must exist; bound claims pin the pod to
// nodes their PV's node affinity allows; unbound WaitForFirstConsumer claims need a
// matching available PV on the node or a provisioner that can create one there.
import { toInteger } from '../../kube/quantity';
import { compileNodeSelector } from '../api/selectors';
import type { Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/types';
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, FrameworkHandle, PreFilterPlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { VolumeBinding as NAME } from './names';

export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
export const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
export const ErrReasonNotEnoughSpace = 'node(s) did not have enough free storage';
export const ErrReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ErrUnboundImmediatePVCs = 'pod has unbound immediate PersistentVolumeClaims';

const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

class PreFilterState implements StateData {
  constructor(
    readonly bound: PersistentVolumeClaim[],
    readonly delayed: PersistentVolumeClaim[],
  ) {}
  clone(): StateData {
    return this;
  }
}

const KEY = Symbol(`PreFilter${NAME}`);

function pvMatchesNode(pv: PersistentVolume, node: Node): boolean {
  const req = pv.spec?.nodeAffinity?.required;
  return !req || compileNodeSelector(req).match(node);
}

function requestBytes(pvc: PersistentVolumeClaim): number {
  const r = pvc.spec?.resources?.requests?.storage;
  try {
    return r === undefined ? 0 : toInteger(r);
  } catch {
    return 0;
  }
}

function pvFitsClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  if (pv.spec?.claimRef && (pv.spec.claimRef.name !== pvc.metadata.name || pv.spec.claimRef.namespace !== pvc.metadata.namespace)) return false;
  if (pv.status?.phase && pv.status.phase !== 'Available' && !pv.spec?.claimRef) return false;
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? '')) return false;
  const modes = pv.spec?.accessModes ?? [];
  for (const m of pvc.spec?.accessModes ?? []) if (!modes.includes(m)) return false;
  let capacity = 0;
  try {
    capacity = pv.spec?.capacity?.storage === undefined ? 0 : toInteger(pv.spec.capacity.storage);
  } catch {
    return false;
  }
  return capacity >= requestBytes(pvc);
}

function classAllowsNode(sc: StorageClass, node: Node): boolean {
  if (!sc.allowedTopologies?.length) return true;
  const labels = node.metadata.labels ?? {};
  return sc.allowedTopologies.some((t) => (t.matchLabelExpressions ?? []).every((e) => e.values.includes(labels[e.key])));
}

export class VolumeBindingPlugin implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  constructor(private readonly handle: FrameworkHandle) {}

  preFilter(state: CycleState, pod: PodInfo): MaybeStatus {
    if (pod.pvcNames.length === 0) return Status.skip();
    const snapshot = this.handle.snapshot;
    const bound: PersistentVolumeClaim[] = [];
    const delayed: PersistentVolumeClaim[] = [];
    let unboundImmediate = false;
    for (const claim of pod.pvcNames) {
      const pvc = snapshot.pvc(pod.namespace, claim);
      if (!pvc) return Status.unresolvable(`persistentvolumeclaim "${claim}" not found`);
      if (pvc.metadata.deletionTimestamp) return Status.unresolvable(`persistentvolumeclaim "${claim}" is being deleted`);
      if (pvc.spec?.volumeName) {
        bound.push(pvc);
        continue;
      }
      const sc = snapshot.storageClasses.get(pvc.spec?.storageClassName ?? '');
      if (sc?.volumeBindingMode === 'WaitForFirstConsumer') delayed.push(pvc);
      else unboundImmediate = true;
    }
    if (unboundImmediate) return Status.unresolvable(ErrUnboundImmediatePVCs);
    state.write(KEY, new PreFilterState(bound, delayed));
    return undefined;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const s = state.read<PreFilterState>(KEY);
    if (!s) return undefined;
    const snapshot = this.handle.snapshot;
    const node = nodeInfo.node;
    const reasons = new Set<string>();
    for (const pvc of s.bound) {
      const pv = snapshot.pvs.get(pvc.spec!.volumeName!);
      if (!pv) return Status.unresolvable(ErrReasonPVNotExist);
      if (!pvMatchesNode(pv, node)) reasons.add(ErrReasonNodeConflict);
    }
    const taken = new Set<string>();
    for (const pvc of s.delayed) {
      let found = false;
      for (const [name, pv] of snapshot.pvs) {
        if (taken.has(name) || !pvFitsClaim(pv, pvc) || !pvMatchesNode(pv, node)) continue;
        taken.add(name);
        found = true;
        break;
      }
      if (found) continue;
      const sc = snapshot.storageClasses.get(pvc.spec?.storageClassName ?? '');
      if (sc?.provisioner && sc.provisioner !== NO_PROVISIONER && classAllowsNode(sc, node)) continue;
      reasons.add(ErrReasonBindConflict);
    }
    if (reasons.size === 0) return undefined;
    return Status.unresolvable(...reasons);
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'PersistentVolumeClaim', action: 'Add' },
      { resource: 'PersistentVolumeClaim', action: 'Update' },
      { resource: 'PersistentVolume', action: 'Add' },
      { resource: 'PersistentVolume', action: 'Update' },
      { resource: 'StorageClass', action: 'Add' },
      { resource: 'Node', action: 'Add' },
      { resource: 'Node', action: 'UpdateNodeLabel' },
    ];
  }
}
