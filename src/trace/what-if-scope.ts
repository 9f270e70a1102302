// The temporary changes a what-if makes to a shared scheduler Snapshot, and their undo:
// the manifest's current pods leave (a re-applied workload replaces them), its claims,
// Services and controller objects join (volume binding and default spreading read them).
// Everything is put back in restore(), so nobody else ever sees the what-if.
import type { PersistentVolume, PersistentVolumeClaim, Pod, SelectorOwner, Snapshot } from '../scheduler';
import type { PodsFromManifest } from './pods-from-manifest';

export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export interface ReplacedPod {
  namespace: string;
  name: string;
  nodeName: string;
  from: string;
}

export class WhatIfScope {
  /** Pods of the cluster the manifest's controllers already run, taken out for the simulation. */
  readonly replaced: ReplacedPod[] = [];
  readonly notes: string[] = [];
  private readonly removedPods: { pod: Pod; nodeName: string; assumed: boolean }[] = [];
  private readonly addedClaims: string[] = [];
  private readonly addedVolumes: string[] = [];
  private readonly saved: Pick<Snapshot, 'services' | 'replicaSets' | 'statefulSets'>;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly manifest: PodsFromManifest,
  ) {
    this.saved = { services: snapshot.services, replicaSets: snapshot.replicaSets, statefulSets: snapshot.statefulSets };
  }

  /** Makes the changes; call inside the try whose finally calls restore(), so a failure half-way is undone too. */
  enter(): void {
    this.replaceCurrentPods(this.manifest);
    this.addSelectorOwners(this.manifest);
    this.addClaims(this.manifest);
  }

  private replaceCurrentPods(manifest: PodsFromManifest): void {
    const owners = manifest.workloads.filter((w) => w.owns);
    if (owners.length === 0) return;
    const found: { pod: Pod; nodeName: string; assumed: boolean }[] = [];
    for (const placed of this.snapshot.pods()) {
      const w = owners.find((o) => o.owns!(placed.pod));
      if (!w) continue;
      found.push(placed);
      this.replaced.push({ namespace: placed.pod.metadata.namespace || 'default', name: placed.pod.metadata.name ?? '', nodeName: placed.nodeName, from: w.from });
    }
    // Removed only after the walk: removing while iterating would skip pods.
    for (const r of found) {
      this.removedPods.push(r);
      this.snapshot.removePod(r.pod);
    }
    if (this.replaced.length > 0) {
      const byDoc = new Map<string, number>();
      for (const r of this.replaced) byDoc.set(r.from, (byDoc.get(r.from) ?? 0) + 1);
      for (const [from, n] of byDoc) this.notes.push(`${from}: its ${n} current pod(s) are left out of the simulation: the pods of this manifest replace them`);
    }
  }

  private addSelectorOwners(manifest: PodsFromManifest): void {
    const rs: SelectorOwner[] = [];
    const ss: SelectorOwner[] = [];
    for (const w of manifest.workloads) {
      if (w.owner?.kind === 'ReplicaSet') rs.push(w.owner.object);
      if (w.owner?.kind === 'StatefulSet') ss.push(w.owner.object);
    }
    // New arrays, so the saved ones stay untouched for restore().
    if (rs.length > 0) this.snapshot.replicaSets = [...rs, ...this.saved.replicaSets];
    if (ss.length > 0) this.snapshot.statefulSets = [...ss, ...this.saved.statefulSets];
    if (manifest.services.length > 0) this.snapshot.services = [...manifest.services, ...this.saved.services];
  }

  private addClaims(manifest: PodsFromManifest): void {
    const claims = [...manifest.claims, ...manifest.workloads.flatMap((w) => w.claims)];
    if (claims.length === 0) return;
    const classesKnown = this.snapshot.storageClasses.size > 0;
    let assumedProvisioned = 0;
    for (const original of claims) {
      const ns = original.metadata.namespace || 'default';
      const name = original.metadata.name ?? '';
      const key = `${ns}/${name}`;
      if (this.snapshot.pvcs.has(key)) continue; // the cluster has it already: it is what the pod gets
      const claim: PersistentVolumeClaim = structuredClone(original);
      claim.spec ??= {};
      if (claim.spec.storageClassName === undefined) {
        const def = [...this.snapshot.storageClasses.values()].find((sc) => sc.metadata.annotations?.[DEFAULT_STORAGE_CLASS_ANNOTATION] === 'true');
        if (def) claim.spec.storageClassName = def.metadata.name;
      }
      const sc = this.snapshot.storageClasses.get(claim.spec.storageClassName ?? '');
      // An Immediate class provisions and binds before the pod is scheduled; so does any class
      // when the cluster's classes are unknown here. Model that as a bound volume usable anywhere.
      if (!claim.spec.volumeName && (classesKnown ? sc !== undefined && sc.volumeBindingMode !== 'WaitForFirstConsumer' : true)) {
        const pvName = `what-if-${ns}-${name}`;
        const pv: PersistentVolume = {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: pvName },
          spec: { accessModes: claim.spec.accessModes, capacity: claim.spec.resources?.requests, storageClassName: claim.spec.storageClassName ?? '', claimRef: { namespace: ns, name } },
          status: { phase: 'Bound' },
        };
        claim.spec.volumeName = pvName;
        this.snapshot.setPersistentVolume(pv);
        this.addedVolumes.push(pvName);
        assumedProvisioned++;
      }
      this.snapshot.setPersistentVolumeClaim(claim);
      this.addedClaims.push(key);
    }
    if (assumedProvisioned > 0 && !classesKnown) {
      this.notes.push(`${assumedProvisioned} new PersistentVolumeClaim(s) are assumed to be provisioned and usable on any node (the cluster's StorageClasses are not known here)`);
    }
  }

  /** Puts the snapshot back exactly as it was: call once, in a finally block. */
  restore(simulated: readonly Pod[]): void {
    // removePod also drops a nomination preemption may have recorded for the pod.
    for (const pod of simulated) this.snapshot.removePod(pod);
    for (const r of this.removedPods) {
      if (r.assumed) this.snapshot.assume(r.pod, r.nodeName);
      else this.snapshot.addPod(r.pod);
    }
    for (const key of this.addedClaims) this.snapshot.pvcs.delete(key);
    for (const name of this.addedVolumes) this.snapshot.pvs.delete(name);
    this.snapshot.services = this.saved.services;
    this.snapshot.replicaSets = this.saved.replicaSets;
    this.snapshot.statefulSets = this.saved.statefulSets;
  }
}
