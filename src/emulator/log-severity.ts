// The level of an emulator log message. Its components log plain messages through one
// function; what a message reports decides its level: a failure the emulator recovers from
// (a write it retries, an event it could not record, a file it ignored) is a warning, a bug
// or a stopped component an error, the rest information.
import type { KlogSeverity } from '../kube/klog';

const ERROR = /^request failed: |^kube-emulator: error |\binternal error\b|\bthrew\b|could not handle|\bstopped: |\bcrashed\b|snapshot failed/i;
const WARNING = /^warning: |\bfailed\b|could not|cannot|\bignored\b|\brefused\b|\bunavailable\b|\bForcing watcher close\b/i;

export function severityOf(message: string): KlogSeverity {
  if (ERROR.test(message)) return 'E';
  if (WARNING.test(message)) return 'W';
  return 'I';
}
