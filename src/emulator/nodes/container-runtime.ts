// Each node's container runtime (containerd): its identity, the images it holds and the
// ids it gives containers. Pulls are serialised per node, as the kubelet's default
// serializeImagePulls does, so a second pod of a new image waits for the first pull.
import { createHash, randomFillSync } from 'node:crypto';
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

/** A pod waiting for a pull; `cancelled` when its pod worker stopped. */
interface PullWaiter {
  requestedAt: number;
  done(r: PullResult): void;
  cancelled: boolean;
}

/** One pull of one image; pods that ask while it runs join it. */
interface Pull {
  info: ImageInfo;
  endsAt: number;
  pullMs: number;
  waiters: PullWaiter[];
  timer?: Timer;
}

/** Random bytes for container ids, drawn in blocks: one crypto call per 128 ids instead of per id. */
const ID_BYTES = 32;
const idPool = Buffer.alloc(ID_BYTES * 128);
let idOffset = idPool.length;

export class ContainerRuntime {
  readonly version = CONTAINER_RUNTIME_VERSION;
  readonly socket = CRI_SOCKET;
  private readonly images = new Map<string, ImageInfo>();
  private queueFreeAt = 0;
  /** The in-flight pull of each image: a second pod of the same image waits for it. */
  private readonly inflight = new Map<string, Pull>();
  private readonly pulls = new Set<Pull>();

  constructor(
    private readonly clock: Clock,
    preloaded: string[] = [],
  ) {
    for (const image of preloaded) this.images.set(normalizeImage(image), imageInfo(image));
  }

  hasImage(image: string): boolean {
    return this.images.has(imageInfo(image).ref);
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
   * already present (pull policy Always) costs only the registry's manifest check. Pods that
   * join a running pull share its one timer (30 pods landing on a fresh node: 1 timer, not 30).
   */
  pull(image: string, done: (r: PullResult) => void, present = false): Timer {
    const info = imageInfo(image);
    const now = this.clock.now();
    let pull = present ? undefined : this.inflight.get(info.ref);
    if (!pull || pull.endsAt < now) {
      const pullMs = present ? PULL_LATENCY_MS : ContainerRuntime.pullDurationMs(info);
      const endsAt = Math.max(now, this.queueFreeAt) + pullMs;
      this.queueFreeAt = endsAt;
      const started: Pull = { info, endsAt, pullMs, waiters: [] };
      started.timer = this.clock.setTimeout(() => this.finish(started), endsAt - now);
      this.pulls.add(started);
      if (!present) this.inflight.set(info.ref, started);
      pull = started;
    }
    const waiter: PullWaiter = { requestedAt: now, done, cancelled: false };
    pull.waiters.push(waiter);
    return { cancel: () => void (waiter.cancelled = true) };
  }

  /** A new container id as containerd makes them (64 hex digits). */
  newContainerId(): string {
    if (idOffset + ID_BYTES > idPool.length) {
      randomFillSync(idPool);
      idOffset = 0;
    }
    const hex = idPool.toString('hex', idOffset, idOffset + ID_BYTES);
    idOffset += ID_BYTES;
    return `containerd://${hex}`;
  }

  /** The imageID a container status reports: the repository digest. */
  imageId(image: string): string {
    return imageInfo(image).digestRef;
  }

  stop(): void {
    for (const p of this.pulls) p.timer?.cancel();
    this.pulls.clear();
    this.inflight.clear();
    this.queueFreeAt = 0;
  }

  private finish(pull: Pull): void {
    this.pulls.delete(pull);
    if (this.inflight.get(pull.info.ref) === pull) this.inflight.delete(pull.info.ref);
    const waiting = pull.waiters.filter((w) => !w.cancelled);
    // A pull every pod gave up on leaves no image behind (each pod's pull was its own timer before).
    if (waiting.length === 0) return;
    this.images.set(pull.info.ref, pull.info);
    for (const w of waiting) {
      const totalMs = pull.endsAt - w.requestedAt;
      w.done({ info: pull.info, pullMs: Math.min(pull.pullMs, totalMs), totalMs });
    }
  }
}

/** A stable id derived from a name (machine-id, system UUID, boot id). */
export function stableHex(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}
