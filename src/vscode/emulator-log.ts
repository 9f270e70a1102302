// The emulator's output in the Cluster Anatomy log, each line at its level: the emulator writes
// klog lines (I/W/E/F), whose header the log channel replaces with its own time and level.
// Lines without a header (Node's own warnings, a crash) go in as before: stderr as warnings.
import { parseKlogLine } from '../kube/klog';

export interface LevelLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function logEmulatorLine(log: LevelLog, line: string, stream: 'stdout' | 'stderr'): void {
  const klog = parseKlogLine(line);
  if (!klog) {
    if (stream === 'stderr') log.warn(`[emulator] ${line}`);
    else log.info(`[emulator] ${line}`);
    return;
  }
  const text = `[emulator] ${klog.message}`;
  if (klog.severity === 'I') log.info(text);
  else if (klog.severity === 'W') log.warn(text);
  else log.error(text);
}
