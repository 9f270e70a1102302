// One container of a pod as the kubelet tracks it, and its ContainerStatus for the API.
import type { ContainerBehaviour } from './container-command';
import { isoTime } from '../../kube/timestamp';
import { imageInfo } from './image-catalog';

export interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  containerID: string;
  message?: string;
}

export interface ContainerRun {
  name: string;
  /** `spec.containers{name}` or `spec.initContainers{name}`: the involvedObject.fieldPath of its events. */
  fieldPath: string;
  image: string;
  imagePullPolicy: string;
  behaviour: ContainerBehaviour;
  readinessDelayMs?: number;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason: string;
  waitingMessage?: string;
  containerID?: string;
  imageID?: string;
  startedAtMs?: number;
  terminated?: TerminatedState;
  lastTerminated?: TerminatedState;
  restartCount: number;
  ready: boolean;
  /** The next crash-loop delay; 0 until the first restart (kubelet restarts the first crash at once). */
  backoffMs: number;
}

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** `spec.containers{name}` strings, shared by the pods of a workload (one per pod was ~40 B). */
const fieldPaths = new Map<string, string>();

function fieldPathOf(list: 'containers' | 'initContainers', name: string): string {
  const key = list === 'containers' ? name : `init:${name}`;
  let path = fieldPaths.get(key);
  if (path === undefined) {
    path = `spec.${list}{${name}}`;
    if (fieldPaths.size < 4096) fieldPaths.set(key, path);
  }
  return path;
}

export function newContainerRun(c: any, behaviour: ContainerBehaviour, waitingReason: string, list: 'containers' | 'initContainers' = 'containers'): ContainerRun {
  const delay = c.readinessProbe ? Number(c.readinessProbe.initialDelaySeconds ?? 0) * 1000 : undefined;
  // Every field named here, those set later included: V8 then keeps them all inside the
  // object instead of in a separate property array (~60 B per container).
  return {
    name: String(c.name),
    fieldPath: fieldPathOf(list, String(c.name)),
    image: String(c.image ?? ''),
    imagePullPolicy: String(c.imagePullPolicy ?? 'IfNotPresent'),
    behaviour,
    readinessDelayMs: delay,
    state: 'waiting',
    waitingReason,
    waitingMessage: undefined,
    containerID: undefined,
    imageID: undefined,
    startedAtMs: undefined,
    terminated: undefined,
    lastTerminated: undefined,
    restartCount: 0,
    ready: false,
    backoffMs: 0,
  };
}

export function containerStatus(c: ContainerRun): Record<string, unknown> {
  let state: Record<string, unknown>;
  if (c.state === 'running') state = { running: { startedAt: isoTime(c.startedAtMs ?? 0) } };
  else if (c.state === 'terminated' && c.terminated) state = { terminated: { ...c.terminated } };
  else state = { waiting: c.waitingMessage ? { reason: c.waitingReason, message: c.waitingMessage } : { reason: c.waitingReason } };
  const status: Record<string, unknown> = {
    name: c.name,
    state,
    lastState: c.lastTerminated ? { terminated: { ...c.lastTerminated } } : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: imageInfo(c.image).ref,
    imageID: c.imageID ?? '',
  };
  if (c.containerID) status.containerID = c.containerID;
  status.started = c.state === 'running';
  return status;
}

/** Rebuilds a container's state from a ContainerStatus (a restarted kubelet adopts its pods). */
export function adoptContainerStatus(c: ContainerRun, s: any): void {
  c.restartCount = Number(s.restartCount ?? 0);
  c.containerID = s.containerID;
  c.imageID = s.imageID || undefined;
  c.lastTerminated = s.lastState?.terminated;
  if (s.state?.running) {
    c.state = 'running';
    c.startedAtMs = Date.parse(s.state.running.startedAt) || 0;
    c.ready = s.ready === true;
  } else if (s.state?.terminated) {
    c.state = 'terminated';
    c.terminated = s.state.terminated;
  } else {
    c.state = 'waiting';
    c.waitingReason = s.state?.waiting?.reason ?? c.waitingReason;
    c.waitingMessage = s.state?.waiting?.message;
  }
  if (c.restartCount > 0) c.backoffMs = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.max(0, c.restartCount - 1));
}
