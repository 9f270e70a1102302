// ImageLocality: prefers nodes that already have the pod's images, by image size
// scaled by how widely the image is spread, between 23 MB and 1000 MB per container.
import type { CycleState, StateData } from '../framework/cycle-state';
import type { FrameworkHandle, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import type { MaybeStatus } from '../framework/status';
import { normalizedImageName, type NodeInfo } from '../snapshot/node-info';
import type { NodeTable } from '../snapshot/node-table';
import { ImageLocality as NAME } from './names';

const MAX_SCORE = 100;
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function imageLocalityScore(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** The pod's images (normalized) with the share of nodes that have each. */
class PreScoreState implements StateData {
  constructor(
    readonly images: string[],
    readonly spread: number[],
    readonly numContainers: number,
    /**
     * The snapshot's table and each image's size column in it (one number per node, not a Map
     * probe); undefined for an image no node has (it adds 0) or when the table keeps no more columns.
     */
    readonly table: NodeTable,
    readonly columns: Array<Float64Array | undefined>,
  ) {}
  clone(): StateData {
    return this;
  }
}

const KEY = Symbol(`PreScore${NAME}`);
const NO_CONTAINERS: ReadonlyArray<{ image?: string }> = [];

function countImages(containers: ReadonlyArray<{ image?: string }>): number {
  let n = 0;
  for (const c of containers) if (c.image) n++;
  return n;
}

/** Each container's image (normalized) and the share of nodes that have it, from index k; returns the next index. */
function addImages(containers: ReadonlyArray<{ image?: string }>, images: string[], spread: number[], k: number, snapshot: FrameworkHandle['snapshot'], total: number): number {
  for (const c of containers) {
    if (!c.image) continue;
    const image = normalizedImageName(c.image);
    images[k] = image;
    spread[k++] = total === 0 ? 0 : snapshot.imageNodeCount(image) / total;
  }
  return k;
}

export class ImageLocalityPlugin implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  constructor(private readonly handle: FrameworkHandle) {}

  preScore(state: CycleState, pod: PodInfo): MaybeStatus {
    // Lists sized by a first count, and no concatenated container list: pushing onto empty
    // lists reserved 17 slots each, ~0.5 KB per attempt with the rest.
    const spec = pod.pod.spec;
    const init = spec.initContainers ?? NO_CONTAINERS;
    const main = spec.containers ?? NO_CONTAINERS;
    const n = countImages(init) + countImages(main);
    const snapshot = this.handle.snapshot;
    const total = snapshot.numNodes;
    const images = new Array<string>(n);
    const spread = new Array<number>(n);
    addImages(main, images, spread, addImages(init, images, spread, 0, snapshot, total), snapshot, total);
    const table = snapshot.table;
    const columns = new Array<Float64Array | undefined>(n);
    for (let i = 0; i < n; i++) columns[i] = spread[i] > 0 ? table.imageColumn(images[i]) : undefined;
    state.write(KEY, new PreScoreState(images, spread, init.length + main.length, table, columns));
    return undefined;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(KEY);
    if (!s) return 0;
    let sum = 0;
    if (nodeInfo.table === s.table) {
      // A size of 0 where the node lacks the image adds trunc(0 * spread) = 0, as skipping it does;
      // so does an image no node has (spread 0).
      const slot = nodeInfo.slot;
      for (let i = 0; i < s.columns.length; i++) {
        const col = s.columns[i];
        if (col !== undefined) sum += Math.trunc(col[slot] * s.spread[i]);
        else if (s.spread[i] > 0) {
          const size = nodeInfo.imageSizes.get(s.images[i]);
          if (size !== undefined) sum += Math.trunc(size * s.spread[i]);
        }
      }
    } else if (nodeInfo.imageSizes.size > 0) {
      for (let i = 0; i < s.images.length; i++) {
        const size = nodeInfo.imageSizes.get(s.images[i]);
        if (size !== undefined) sum += Math.trunc(size * s.spread[i]);
      }
    }
    return imageLocalityScore(sum, s.numContainers);
  }
}
