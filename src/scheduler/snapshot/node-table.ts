// NodeTable: the per-node numbers Filter and Score read for every evaluated node, kept in
// one flat Float64Array indexed by a node's slot (a row of STRIDE numbers per node).
// WHY: at 5,000 nodes on a 1-3 GB heap each trivial per-node check (cordoned? tainted?
// fits?) was a chain of cache misses through NodeInfo -> Node -> spec -> taints and three
// Resource objects with boxed doubles; a pod evaluates ~500 consecutive nodes, which here
// are 500 consecutive rows (~64 KB, hot in cache from one pod to the next).
// The row mirrors NodeInfo (NodeInfo writes it whenever its node or pods change); plugins
// read it for the common case and fall back to the NodeInfo objects when a flag says so.
import type { NodeInfo } from './node-info';

/**
 * The row layout. Users copy what they need into module-local constants
 * (`const { STRIDE, FLAGS } = ROW;`): under tsx an imported binding is read through a
 * getter on every use, which in a per-node loop cost more than the cache misses saved.
 */
export const ROW = Object.freeze({
  /** Numbers per row; the hot ones (Filter's and Score's) come first, within 72 bytes. */
  STRIDE: 16,
  // Field offsets within a row.
  FLAGS: 0,
  POD_COUNT: 1,
  ALLOC_PODS: 2,
  ALLOC_CPU: 3,
  REQ_CPU: 4,
  ALLOC_MEMORY: 5,
  REQ_MEMORY: 6,
  NONZERO_CPU: 7,
  NONZERO_MEMORY: 8,
  ALLOC_EPHEMERAL: 9,
  REQ_EPHEMERAL: 10,
  // Bits of the FLAGS field: each says a plugin's slow path applies to the node.
  /** spec.unschedulable (a cordoned node). */
  UNSCHEDULABLE: 1,
  /** At least one NoSchedule or NoExecute taint. */
  FILTER_TAINTS: 2,
  /** At least one PreferNoSchedule taint. */
  PREFER_TAINTS: 4,
  /** Some pod on the node uses a host port. */
  HOST_PORTS: 8,
});
const { STRIDE, FLAGS, POD_COUNT, ALLOC_PODS, ALLOC_CPU, REQ_CPU, ALLOC_MEMORY, REQ_MEMORY, NONZERO_CPU, NONZERO_MEMORY, ALLOC_EPHEMERAL, REQ_EPHEMERAL } = ROW;
const { UNSCHEDULABLE, FILTER_TAINTS, PREFER_TAINTS, HOST_PORTS } = ROW;

/**
 * Image columns kept at most (one per image some pod asked for). Past that, images without
 * a column are read from each node's Map as before: evicting would rebuild a column (one probe
 * per node in the cluster) for every attempt of a workload cycling through more images.
 */
const MAX_IMAGE_COLUMNS = 64;

/** Topology keys whose per-node values are kept at once; past that the columns start over. */
const MAX_DOMAIN_COLUMNS = 16;

/** Selectors whose per-node counts are kept at once; past that the columns start over. */
const MAX_MATCH_COLUMNS = 64;

/** Per slot, how many of the node's pods a selector matches, valid while `generations` holds the NodeInfo's. */
export interface MatchColumn {
  counts: Int32Array;
  /** The NodeInfo generation each count was taken at; -1: none. */
  generations: Float64Array;
}

export class NodeTable {
  rows: Float64Array;
  private readonly infos: Array<NodeInfo | undefined> = [];
  private readonly free: number[] = [];
  private used = 0;
  /** Bumped whenever a slot is released or the table grows: caches keyed by slot check it. */
  epoch = 0;
  /**
   * Image name -> size of that image on each slot's node (0 when absent), built on first use;
   * created then too: preemption makes a one-row table per candidate node and needs none.
   */
  private images: Map<string, Float64Array> | undefined;
  /** Topology key -> each slot's node's value of that label (undefined: the node lacks it). */
  private domains: Map<string, Array<string | undefined>> | undefined;
  /** Selector (SpreadConstraint.countKey) -> matching pods per slot; the last one asked for first. */
  private matches: Map<string, MatchColumn> | undefined;
  private lastMatchKey: string | undefined;
  private lastMatch: MatchColumn | undefined;

  /**
   * @param forSnapshot a snapshot's table (long-lived, many rows), not a NodeInfo's private
   *   one-row table: only such tables are worth caching by slot (see NodeNameTable.idForSlot).
   */
  constructor(
    capacity = 64,
    readonly forSnapshot = false,
  ) {
    this.rows = new Float64Array(Math.max(1, capacity) * STRIDE);
  }

  get capacity(): number {
    return this.rows.length / STRIDE;
  }

  /** A row for `ni`; its content is written by ni (writeNode/writePods). */
  acquire(ni: NodeInfo): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot >= this.capacity) this.grow(slot + 1);
    }
    this.infos[slot] = ni;
    return slot;
  }

  release(slot: number): void {
    this.infos[slot] = undefined;
    this.rows.fill(0, slot * STRIDE, (slot + 1) * STRIDE);
    if (this.images) for (const col of this.images.values()) col[slot] = 0;
    if (this.matches) for (const col of this.matches.values()) col.generations[slot] = -1;
    if (this.domains) for (const col of this.domains.values()) col[slot] = undefined;
    this.free.push(slot);
    this.epoch++;
  }

  private grow(min: number): void {
    const rows = new Float64Array(Math.max(min, this.capacity * 2) * STRIDE);
    rows.set(this.rows);
    this.rows = rows;
    // Columns are sized by capacity: rebuilt on next use.
    this.images = undefined;
    this.domains = undefined;
    this.matches = undefined;
    this.lastMatchKey = undefined;
    this.lastMatch = undefined;
    this.epoch++;
  }

  /** Node-derived fields: allocatable, cordon and taint flags, image columns. */
  writeNode(slot: number, ni: NodeInfo): void {
    const r = this.rows;
    const o = slot * STRIDE;
    const a = ni.allocatable;
    r[o + ALLOC_PODS] = a.allowedPodNumber;
    r[o + ALLOC_CPU] = a.milliCPU;
    r[o + ALLOC_MEMORY] = a.memory;
    r[o + ALLOC_EPHEMERAL] = a.ephemeralStorage;
    const spec = ni.node.spec;
    let flags = (r[o + FLAGS] & HOST_PORTS) | (spec?.unschedulable ? UNSCHEDULABLE : 0);
    for (const t of spec?.taints ?? []) {
      if (t.effect === 'NoSchedule' || t.effect === 'NoExecute') flags |= FILTER_TAINTS;
      else if (t.effect === 'PreferNoSchedule') flags |= PREFER_TAINTS;
    }
    r[o + FLAGS] = flags;
    if (this.images) for (const [image, col] of this.images) col[slot] = ni.imageSizes.get(image) ?? 0;
    if (this.domains) for (const [key, col] of this.domains) col[slot] = ni.labels[key];
  }

  /** Pod-derived fields: pod count, requested and non-zero requested totals, host ports. */
  writePods(slot: number, ni: NodeInfo): void {
    const r = this.rows;
    const o = slot * STRIDE;
    const req = ni.requested;
    r[o + POD_COUNT] = ni.pods.length;
    r[o + REQ_CPU] = req.milliCPU;
    r[o + REQ_MEMORY] = req.memory;
    r[o + REQ_EPHEMERAL] = req.ephemeralStorage;
    r[o + NONZERO_CPU] = ni.nonZeroRequested.milliCPU;
    r[o + NONZERO_MEMORY] = ni.nonZeroRequested.memory;
    r[o + FLAGS] = (r[o + FLAGS] & ~HOST_PORTS) | (ni.usedPorts.size > 0 ? HOST_PORTS : 0);
  }

  /** Copies a row of another table (or this one) into `slot`. */
  copyRow(from: NodeTable, fromSlot: number, slot: number): void {
    this.rows.set(from.rows.subarray(fromSlot * STRIDE, (fromSlot + 1) * STRIDE), slot * STRIDE);
  }

  /**
   * Sizes of `image` (a normalized name) per slot, 0 where the node lacks it: ImageLocality
   * reads one number per node instead of probing each node's image Map. Undefined when the
   * table already keeps MAX_IMAGE_COLUMNS other images.
   */
  imageColumn(image: string): Float64Array | undefined {
    this.images ??= new Map();
    let col = this.images.get(image);
    if (col || this.images.size >= MAX_IMAGE_COLUMNS) return col;
    col = new Float64Array(this.capacity);
    for (let slot = 0; slot < this.used; slot++) {
      const ni = this.infos[slot];
      if (ni) col[slot] = ni.imageSizes.get(image) ?? 0;
    }
    this.images.set(image, col);
    return col;
  }

  /**
   * Each slot's node's value of the label `topologyKey` (undefined where it has none), built on
   * first use: PodTopologySpread reads one per node scored instead of the node's labels object.
   */
  domainColumn(topologyKey: string): ReadonlyArray<string | undefined> {
    this.domains ??= new Map();
    let col = this.domains.get(topologyKey);
    if (col) return col;
    if (this.domains.size >= MAX_DOMAIN_COLUMNS) this.domains.clear();
    col = new Array<string | undefined>(this.capacity).fill(undefined);
    for (let slot = 0; slot < this.used; slot++) {
      const ni = this.infos[slot];
      if (ni) col[slot] = ni.labels[topologyKey];
    }
    this.domains.set(topologyKey, col);
    return col;
  }

  /**
   * The per-slot counts of pods matching a selector (see countMatchingCached), empty at first.
   * A pod's Score asks for the same selector on every node, so the last column is kept at hand.
   */
  matchColumn(countKey: string): MatchColumn {
    if (countKey === this.lastMatchKey && this.lastMatch) return this.lastMatch;
    this.matches ??= new Map();
    let col = this.matches.get(countKey);
    if (!col) {
      if (this.matches.size >= MAX_MATCH_COLUMNS) this.matches.clear();
      col = { counts: new Int32Array(this.capacity), generations: new Float64Array(this.capacity).fill(-1) };
      this.matches.set(countKey, col);
    }
    this.lastMatchKey = countKey;
    this.lastMatch = col;
    return col;
  }
}
