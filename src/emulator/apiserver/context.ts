// What every handler needs: the store, the served kinds, the clock and the plugged-in
// modules, plus the seams part 2's control loops fill in.
import type { Clock } from '../../kube/clock.js';
import type { KubeObject } from '../../kube/object.js';
import type { Store } from '../store/types.js';
import type { ApiServerModules } from './modules.js';
import type { ResourceRegistry, ServedResource } from './registry.js';
import type { Log } from '../log';
import type { ExecSessions } from './exec-sessions.js';
import type { RemoteCommandEnd, RemoteCommandOutput, RemoteProcess } from './remote-command.js';

export interface LifecycleHooks {
  /**
   * Whether a kubelet runs on this node and will finish a graceful pod deletion. Until the
   * simulated kubelets of part 2 exist nothing does, so pods are removed at once.
   */
  hasKubelet(nodeName: string): boolean;
  /**
   * Whether a namespace controller finishes namespace deletion. When false the API server
   * empties and removes terminating namespaces itself.
   */
  namespaceControllerRunning(): boolean;
  /**
   * Whether a garbage collector handles the orphan/foregroundDeletion finalizers and
   * ownerReferences. When false the API server does a simple version itself.
   */
  garbageCollectorRunning(): boolean;
  /**
   * The log of a container, from the kubelet of its node (the apiserver -> kubelet connection);
   * undefined when no running kubelet knows the pod. Asynchronous when the kubelets run in
   * another thread.
   */
  containerLog?(namespace: string, pod: string, container: string, options: ContainerLogOptions): ContainerLogResult | undefined | Promise<ContainerLogResult | undefined>;
}

/** The pods/log query options a kubelet honours. */
export interface ContainerLogOptions {
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

export type ContainerLogResult = { ok: true; text: string } | { ok: false; message: string };

export const NO_CONTROL_LOOPS: LifecycleHooks = {
  hasKubelet: () => false,
  namespaceControllerRunning: () => false,
  garbageCollectorRunning: () => false,
};

/** What an exec needs to read besides the pod: the objects its environment comes from. */
export interface ExecEnvSources {
  /** Services of the pod's namespace, and `kubernetes` in default (the service-link variables). */
  services: KubeObject[];
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
}

export interface ContainerExecRequest {
  pod: KubeObject;
  /** The pod's Node, if it exists (its kernel and addresses). */
  node?: KubeObject;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  sources: ExecEnvSources;
}

/** The container runtime's exec (the apiserver -> kubelet -> CRI path of `kubectl exec`). */
export interface ContainerRuntimeExec {
  start(request: ContainerExecRequest, out: RemoteCommandOutput, done: (end: RemoteCommandEnd) => void): RemoteProcess;
}

export interface ServerContext {
  store: Store;
  registry: ResourceRegistry;
  clock: Clock;
  modules: ApiServerModules;
  hooks: LifecycleHooks;
  log: Log;
  /** Work the API server schedules after a write (namespace cleanup, finalizers). */
  afterWrite(r: ServedResource, obj: KubeObject, type: 'create' | 'update' | 'delete'): void;
  /** End functions of the watches being served (an API server restart ends them all). */
  activeWatches: Set<() => void>;
  /** Runs just before an object is removed from the store (e.g. a CRD's custom resources go first). */
  beforeDelete?(r: ServedResource, obj: KubeObject): Promise<void>;
  /** Runs commands in simulated containers (`kubectl exec`); absent: exec is refused. */
  containerExec?: ContainerRuntimeExec;
  /** The execs running, by pod: a stopped container ends its own. */
  execSessions: ExecSessions;
  /** The store was empty when this server started: every stored value was written through it. */
  startedOnEmptyStore?: boolean;
  /** Some write stored managedFields as a client sent them (no field manager to track it). */
  storedUntrackedManagedFields?: boolean;
}
