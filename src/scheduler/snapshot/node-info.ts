// NodeInfo: one node and the running totals of the pods on it, updated incrementally
// as pods come and go so that filters read sums instead of re-adding every pod.
import type { Node } from '../api/types';
import type { PodInfo } from '../framework/pod-info';
import { NodeTable } from './node-table';
import { Resource } from './resource';

export interface ImageStateSummary {
  size: number;
  /** How many nodes in the snapshot have the image. */
  numNodes: number;
}

/** Image name as the kubelet reports it, with ":latest" added when no tag is given. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

export class NodeInfo {
  node!: Node;
  name = '';
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  /** "ip|protocol|port" of every host port in use. */
  usedPorts = new Set<string>();
  requested = new Resource();
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  /** Image name -> size on this node; the node count lives in the snapshot. */
  imageSizes = new Map<string, number>();
  pvcRefCounts = new Map<string, number>();
  /** Bumped whenever the node or its pods change (the table's per-selector counts check it). */
  generation = 0;
  /**
   * The node's labels, kept here rather than read through node.metadata: Score reads them for
   * each of ~500 nodes per pod, and each hop was a cache miss on a heap of 1-3 GB.
   */
  labels: Record<string, string> = EMPTY;
  /**
   * The table holding this node's row of numbers (node-table.ts) and the row's index. A
   * NodeInfo outside a snapshot (a clone for a preemption dry run) has a private one-row
   * table, so what it changes never reaches the snapshot's rows.
   */
  table: NodeTable;
  slot: number;

  constructor(node?: Node, table?: NodeTable) {
    this.table = table ?? new NodeTable(1);
    this.slot = this.table.acquire(this);
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels ?? EMPTY;
    // Keep the string the trace's name table already holds when the name is unchanged.
    const name = node.metadata.name ?? '';
    if (name !== this.name) this.name = name;
    this.allocatable = Resource.fromList(node.status?.allocatable ?? node.status?.capacity);
    this.imageSizes = new Map();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) this.imageSizes.set(normalizedImageName(n), img.sizeBytes ?? 0);
    }
    this.generation++;
    this.table.writeNode(this.slot, this);
  }

  /** Moves this NodeInfo's row into a private table (the snapshot dropped the node; its slot is reused). */
  detach(): void {
    const own = new NodeTable(1);
    const slot = own.acquire(this);
    own.copyRow(this.table, this.slot, slot);
    this.table.release(this.slot);
    this.table = own;
    this.slot = slot;
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Replaces the pod with `pi.key` by `pi`, which counts the same (no totals change); false when absent. */
  replacePod(pi: PodInfo): boolean {
    const i = this.pods.findIndex((p) => p.key === pi.key);
    if (i < 0) return false;
    this.pods[i] = pi;
    return true;
  }

  /** Removes the pod with `key`; returns false when it is not on this node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i];
    this.pods[i] = this.pods[this.pods.length - 1];
    this.pods.pop();
    if (pi.hasAffinity) this.podsWithAffinity = this.podsWithAffinity.filter((p) => p.key !== key);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p.key !== key);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroMilliCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroMemory;
    for (const hp of pi.hostPorts) {
      const k = `${hp.ip}|${hp.protocol}|${hp.port}`;
      if (sign > 0) this.usedPorts.add(k);
      else this.usedPorts.delete(k);
    }
    for (const claim of pi.pvcNames) {
      const k = `${pi.namespace}/${claim}`;
      const n = (this.pvcRefCounts.get(k) ?? 0) + sign;
      if (n > 0) this.pvcRefCounts.set(k, n);
      else this.pvcRefCounts.delete(k);
    }
    this.generation++;
    this.table.writePods(this.slot, this);
  }

  /** A copy whose pod list and totals can change without touching this one (preemption dry runs). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.labels = this.labels;
    c.name = this.name;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.usedPorts = new Set(this.usedPorts);
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable;
    c.imageSizes = this.imageSizes;
    c.pvcRefCounts = new Map(this.pvcRefCounts);
    c.generation = this.generation;
    c.table.copyRow(this.table, this.slot, c.slot);
    return c;
  }

  /** Whether a host port is free: 0.0.0.0 conflicts with every address on the same protocol and port. */
  hostPortInUse(ip: string, protocol: string, port: number): boolean {
    if (this.usedPorts.size === 0) return false;
    if (ip === '0.0.0.0') {
      const suffix = `|${protocol}|${port}`;
      for (const k of this.usedPorts) if (k.endsWith(suffix)) return true;
      return false;
    }
    return this.usedPorts.has(`${ip}|${protocol}|${port}`) || this.usedPorts.has(`0.0.0.0|${protocol}|${port}`);
  }
}

