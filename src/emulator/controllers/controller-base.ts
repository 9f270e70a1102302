// What every controller of the controller-manager shares: its client (the user agent names
// kube-controller-manager, so field managers read as upstream), an event recorder under its
// component name, and a work queue whose failures are logged and retried with backoff.
import type { LoopbackClient } from '../client/loopback-client';
import { componentLog, type ControlLoop, type ControlLoopContext } from '../control-loop';
import { errorText } from './controller-ref';
import { ApiEventRecorder, type EventRecorder } from './events';
import { WorkQueue } from './work-queue';

export const KCM_USER_AGENT = 'kube-controller-manager/v1.34.0 (linux/amd64) kubernetes';

export abstract class QueueController implements ControlLoop {
  protected readonly client: LoopbackClient;
  protected readonly recorder: EventRecorder;
  readonly queue: WorkQueue;

  constructor(
    readonly name: string,
    protected readonly ctx: ControlLoopContext,
    workers = 5,
  ) {
    this.client = ctx.client(`${KCM_USER_AGENT}/${name}`);
    this.recorder = new ApiEventRecorder(this.client, name, ctx.clock, componentLog(ctx, name));
    this.queue = new WorkQueue((key) => this.sync(key), {
      clock: ctx.clock,
      workers,
      onError: (key, e) => ctx.log(name, `error syncing ${key}: ${errorText(e)}`, 'E'),
    });
  }

  abstract start(): void | Promise<void>;

  protected abstract sync(key: string): Promise<void>;

  stop(): void {
    this.queue.stop();
  }
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
