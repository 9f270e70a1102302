// The emulator's log: each component says what happened and at which klog level, as
// kube-apiserver's and kube-controller-manager's klog.InfoS/Warning/ErrorS calls do.
import type { KlogSeverity } from '../kube/klog';

/**
 * 'I' (the default) for what happened, 'W' for a failure the emulator recovers from (a write
 * it retries, an event it could not record, a file it ignored), 'E' for a bug or a stopped
 * component.
 */
export type LogSeverity = Exclude<KlogSeverity, 'F'>;

export type Log = (message: string, severity?: LogSeverity) => void;

/** `log` with each message led by `prefix: ` and its level passed on (a forwarder must not drop it). */
export function prefixedLog(log: Log, prefix: string): Log {
  return (message, severity) => log(`${prefix}: ${message}`, severity);
}
