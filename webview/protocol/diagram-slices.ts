// A snapshot of 150,000 pods is ~24 MB of JSON; VS Code copies every webview message through
// the extension host's IPC in one piece, so the host sends a huge snapshot as a head (the
// control plane, nodes and the first pods) and then slices of pods, each a bounded message.

import type { DiagramSnapshot, HostMessage } from './diagram-messages.js';

/** Pods per message: ~3 MB of JSON at the sizes the scale benchmark measures. */
export const PODS_PER_MESSAGE = 20_000;

/** The messages that carry one snapshot, in the order they must be posted. */
export function snapshotMessages(snapshot: DiagramSnapshot, podsPerMessage = PODS_PER_MESSAGE): HostMessage[] {
  const size = Math.max(1, Math.floor(podsPerMessage));
  if (snapshot.pods.length <= size) return [{ type: 'snapshot', snapshot }];
  const out: HostMessage[] = [{ type: 'snapshot', snapshot: { ...snapshot, pods: snapshot.pods.slice(0, size) }, morePods: true }];
  for (let at = size; at < snapshot.pods.length; at += size) {
    out.push({ type: 'snapshotPods', pods: snapshot.pods.slice(at, at + size), last: at + size >= snapshot.pods.length });
  }
  return out;
}
