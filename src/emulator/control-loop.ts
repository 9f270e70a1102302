// What every control loop of the emulator (scheduler, controllers, kubelets, kube-proxy)
// gets: a client per component (its user agent becomes its field manager), the shared
// informers, the clock and a log. They reach state only through the API, as in Kubernetes.
import type { Clock } from '../kube/clock';
import type { LoopbackClient } from './client/loopback-client';
import type { SharedInformers } from './client/shared-informers';
import type { Log, LogSeverity } from './log';

export interface ControlLoopContext {
  /** A client whose requests identify as `component` (e.g. "kube-scheduler", "kubelet/whale2"). */
  client(component: string): LoopbackClient;
  informers: SharedInformers;
  clock: Clock;
  log(component: string, message: string, severity?: LogSeverity): void;
}

/** The context's log as one component's Log (for helpers that take a Log), levels passed on. */
export function componentLog(ctx: ControlLoopContext, component: string): Log {
  return (message, severity) => ctx.log(component, message, severity);
}

export interface ControlLoop {
  /** The component's name as users see it, e.g. "kube-scheduler", "deployment-controller". */
  readonly name: string;
  /** Registers informer handlers and timers. Informers are started by the caller afterwards. */
  start(): void | Promise<void>;
  stop(): void;
}
