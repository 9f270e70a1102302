// Each node's container runtime (containerd): its identity, the images it holds and the
// ids it gives containers. Pulls are serialised per node, as the kubelet's default
// serializeImagePulls does, so a second pod of a new image waits for the first pull.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock, Timer } from '../../kube/clock';
import { imageInfo, normalizeImage, type ImageInfo } from './image-catalog';

export const CONTAINERD_VERSION = '1.7.24';
export const CONTAINER_RUNTIME_VERSION = `containerd://${CONTAINERD_VERSION}`;
export const CRI_SOCKET = 'unix:///var/run/containerd/containerd.sock';

/** Bytes per second a simulated node downloads; plus a fixed registry round trip. */
const PULL_BYTES_PER_SECOND = 60_000_000;
const PULL_LATENCY_MS = 400;

export interface PullResult {
  info: ImageInfo;
  /** Time spent pulling (excluding the wait for earlier pulls). */
  pullMs: number;
  /** Time from the request to the end, including the wait. */
  totalMs: number;
}

export class ContainerRuntime {
  readonly version = CONTAINER_RUNTIME_VERSION;
  readonly socket = CRI_SOCKET;
  private readonly images = new Map<string, ImageInfo>();
  private queueFreeAt = 0;
  /** When an in-flight pull of an image ends: a second pod of the same image waits for it. */
  private readonly inflight = new Map<string, { endsAt: number; pullMs: number }>();
  private readonly pullTimers = new Set<Timer>();

  constructor(
    private readonly clock: Clock,
    preloaded: string[] = [],
  ) {
    for (const image of preloaded) this.images.set(normalizeImage(image), imageInfo(image));
  }

  hasImage(image: string): boolean {
    return this.images.has(normalizeImage(image));
  }

  /** The images on this node, largest first, as node.status.images lists them. */
  listImages(): ImageInfo[] {
    return [...this.images.values()].sort((a, b) => b.sizeBytes - a.sizeBytes);
  }

  /** How long a pull of `image` takes on this node. */
  static pullDurationMs(info: ImageInfo): number {
    return PULL_LATENCY_MS + Math.round((info.sizeBytes / PULL_BYTES_PER_SECOND) * 1000);
  }

  /**
   * Pulls `image` after the pulls already queued; calls `done` when it is present. An image
   * already present (pull policy Always) costs only the registry's manifest check.
   */
  pull(image: string, done: (r: PullResult) => void, present = false): Timer {
    const info = imageInfo(image);
    const now = this.clock.now();
    const joined = present ? undefined : this.inflight.get(info.ref);
    let pullMs: number;
    let endsAt: number;
    if (joined && joined.endsAt >= now) {
      ({ pullMs, endsAt } = joined);
    } else {
      pullMs = present ? PULL_LATENCY_MS : ContainerRuntime.pullDurationMs(info);
      endsAt = Math.max(now, this.queueFreeAt) + pullMs;
      this.queueFreeAt = endsAt;
      if (!present) this.inflight.set(info.ref, { endsAt, pullMs });
    }
    const totalMs = endsAt - now;
    const timer = this.clock.setTimeout(() => {
      this.pullTimers.delete(timer);
      this.images.set(info.ref, info);
      if (this.inflight.get(info.ref)?.endsAt === endsAt) this.inflight.delete(info.ref);
      done({ info, pullMs: Math.min(pullMs, totalMs), totalMs });
    }, totalMs);
    this.pullTimers.add(timer);
    return timer;
  }

  /** A new container id as containerd makes them (64 hex digits). */
  newContainerId(): string {
    return `containerd://${randomBytes(32).toString('hex')}`;
  }

  /** The imageID a container status reports: the repository digest. */
  imageId(image: string): string {
    return imageInfo(image).digestRef;
  }

  stop(): void {
    for (const t of this.pullTimers) t.cancel();
    this.pullTimers.clear();
    this.inflight.clear();
    this.queueFreeAt = 0;
  }
}

/** A stable id derived from a name (machine-id, system UUID, boot id). */
export function stableHex(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}
