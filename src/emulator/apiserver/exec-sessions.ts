// The execs running in each pod's containers. A container that stops (the pod deleted, the
// kubelet killing it) takes its exec'd processes with it: containerd kills them with SIGKILL,
// so the client sees exit code 137. Pod writes are checked only while some exec runs.
import type { KubeObject } from '../../kube/object.js';
import { containerRunning } from './pod-containers.js';

interface Session {
  container: string;
  end(): void;
}

export class ExecSessions {
  private readonly byPod = new Map<string, Set<Session>>();

  /** Registers a session; the returned function removes it (call it when the session ends). */
  add(podUid: string, container: string, end: () => void): () => void {
    const session: Session = { container, end };
    let set = this.byPod.get(podUid);
    if (!set) this.byPod.set(podUid, (set = new Set()));
    set.add(session);
    return () => {
      set.delete(session);
      if (set.size === 0 && this.byPod.get(podUid) === set) this.byPod.delete(podUid);
    };
  }

  get size(): number {
    return this.byPod.size;
  }

  /** After a pod write: its sessions whose container no longer runs, or all when it is gone, end. */
  observe(pod: KubeObject, deleted: boolean): void {
    if (this.byPod.size === 0) return;
    const set = this.byPod.get(pod.metadata.uid ?? '');
    if (!set) return;
    for (const s of [...set]) if (deleted || !containerRunning(pod, s.container)) s.end();
  }
}
