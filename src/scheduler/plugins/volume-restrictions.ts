// VolumeRestrictions: the same GCE PD / AWS EBS / iSCSI / RBD disk cannot be mounted twice on a
// node (read-only sharing is allowed, except for EBS), and a ReadWriteOncePod claim may be used
// by one pod in the whole cluster.
import type { Volume } from '../api/types';
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, FrameworkHandle, PreFilterPlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { VolumeRestrictions as NAME } from './names';

export const ErrReasonDiskConflict = 'node(s) had no available disk';
export const ErrReasonReadWriteOncePodConflict = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

class PreFilterState implements StateData {
  constructor(
    readonly rwopClaims: string[],
    public conflicting: number,
  ) {}
  clone(): StateData {
    return new PreFilterState(this.rwopClaims, this.conflicting);
  }
}

const KEY = Symbol(`PreFilter${NAME}`);

/**
 * kube-scheduler's isVolumeConflict for one pair: the same GCE PD unless both mount it
 * read-only; the same AWS EBS volume always; the same iSCSI IQN unless both read-only; the
 * same RBD image (a shared Ceph monitor, same pool and image) unless both read-only.
 */
function conflicts(a: Volume, b: Volume): boolean {
  if (a.gcePersistentDisk && b.gcePersistentDisk) {
    return a.gcePersistentDisk.pdName === b.gcePersistentDisk.pdName && !(a.gcePersistentDisk.readOnly && b.gcePersistentDisk.readOnly);
  }
  if (a.awsElasticBlockStore && b.awsElasticBlockStore) return a.awsElasticBlockStore.volumeID === b.awsElasticBlockStore.volumeID;
  if (a.iscsi && b.iscsi) return a.iscsi.iqn === b.iscsi.iqn && !(a.iscsi.readOnly && b.iscsi.readOnly);
  if (a.rbd && b.rbd) {
    const x = a.rbd;
    const y = b.rbd;
    return (
      (x.pool || 'rbd') === (y.pool || 'rbd') &&
      x.image === y.image &&
      !(x.readOnly && y.readOnly) &&
      (x.monitors ?? []).some((m) => (y.monitors ?? []).includes(m))
    );
  }
  return false;
}

/** kube-scheduler's needsRestrictionsCheck: volumes two pods on a node may conflict over. */
function needsRestrictionsCheck(v: Volume): boolean {
  return !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi);
}

export class VolumeRestrictionsPlugin implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly preFilterExtensions = {
    addPod: (state: CycleState, _pod: PodInfo, other: PodInfo) => this.adjust(state, other, 1),
    removePod: (state: CycleState, _pod: PodInfo, other: PodInfo) => this.adjust(state, other, -1),
  };

  constructor(private readonly handle: FrameworkHandle) {}

  private adjust(state: CycleState, other: PodInfo, delta: number): MaybeStatus {
    const s = state.read<PreFilterState>(KEY);
    if (!s) return undefined;
    for (const claim of other.pvcNames) if (s.rwopClaims.includes(`${other.namespace}/${claim}`)) s.conflicting += delta;
    return undefined;
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): MaybeStatus {
    const volumes = pod.pod.spec.volumes;
    if (!volumes?.length) return Status.skip();
    const rwop: string[] = [];
    for (const claim of pod.pvcNames) {
      const pvc = this.handle.snapshot.pvc(pod.namespace, claim);
      if (!pvc) return Status.unresolvable(`persistentvolumeclaim "${claim}" not found`);
      if (pvc.spec?.accessModes?.includes('ReadWriteOncePod')) rwop.push(`${pod.namespace}/${claim}`);
    }
    let conflicting = 0;
    if (rwop.length > 0) for (const ni of nodes) for (const k of rwop) conflicting += ni.pvcRefCounts.get(k) ?? 0;
    // As kube-scheduler: with no disk that can conflict and no ReadWriteOncePod claim in use,
    // Filter has nothing to check (most pods: their only volume is the API access projection).
    if (!volumes.some(needsRestrictionsCheck) && conflicting === 0) return Status.skip();
    state.write(KEY, new PreFilterState(rwop, conflicting));
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const volumes = pod.pod.spec.volumes ?? [];
    for (let i = 0; i < volumes.length; i++) {
      const v = volumes[i];
      if (!needsRestrictionsCheck(v)) continue;
      for (const other of nodeInfo.pods) {
        for (const ov of other.pod.spec.volumes ?? []) if (conflicts(v, ov)) return Status.unschedulable(ErrReasonDiskConflict);
      }
    }
    const s = state.read<PreFilterState>(KEY);
    if (s && s.conflicting > 0) return Status.unschedulable(ErrReasonReadWriteOncePodConflict);
    return undefined;
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Pod', action: 'Delete' }, { resource: 'PersistentVolumeClaim', action: 'Add' }, { resource: 'Node', action: 'Add' }];
  }
}
