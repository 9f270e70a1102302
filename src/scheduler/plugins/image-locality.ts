// ImageLocality: prefers nodes that already have the pod's images, by image size
// scaled by how widely the image is spread, between 23 MB and 1000 MB per container.
import type { CycleState } from '../framework/cycle-state';
import type { FrameworkHandle, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { normalizedImageName, type NodeInfo } from '../snapshot/node-info';
import { ImageLocality as NAME } from './names';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function imageLocalityScore(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export class ImageLocalityPlugin implements ScorePlugin {
  readonly name = NAME;

  constructor(private readonly handle: FrameworkHandle) {}

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const spec = pod.pod.spec;
    const containers = (spec.initContainers ?? []).concat(spec.containers ?? []);
    if (nodeInfo.imageSizes.size === 0) return imageLocalityScore(0, containers.length);
    const snapshot = this.handle.snapshot;
    const total = snapshot.numNodes;
    let sum = 0;
    for (const c of containers) {
      if (!c.image) continue;
      const st = snapshot.imageState(nodeInfo, normalizedImageName(c.image));
      if (st) sum += Math.trunc(st.size * (st.numNodes / total));
    }
    return imageLocalityScore(sum, containers.length);
  }
}
