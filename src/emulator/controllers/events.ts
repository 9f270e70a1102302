// core/v1 Events as client-go's event recorder writes them: identical events are folded
// into one whose count goes up, and a spam filter (a token bucket per source + object +
// reason: burst 25, one more every 5 minutes) keeps 150,000 pod creations from writing
// 150,000 events. Failures to record are only logged; events are best effort upstream too.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import type { LoopbackClient } from '../client/loopback-client';
import { R } from '../client/paths';

const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
const MAX_REMEMBERED = 4096;

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

interface Folded {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

export class ApiEventRecorder implements EventRecorder {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly folded = new Map<string, Folded>();

  constructor(
    private readonly client: LoopbackClient,
    private readonly component: string,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const meta = obj.metadata;
    const objectKey = `${obj.kind}/${meta.namespace ?? ''}/${meta.name}/${meta.uid}`;
    if (!this.allow(`${objectKey}/${type}/${reason}`)) return;
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const foldKey = `${objectKey}/${type}/${reason}/${message}`;
    const previous = this.folded.get(foldKey);
    if (previous) {
      previous.count++;
      const patch = { count: previous.count, lastTimestamp: now };
      this.client.patch({ ...R.events, namespace: previous.namespace, name: previous.name }, patch, 'merge').catch((e) => this.failed(reason, e));
      return;
    }
    const namespace = meta.namespace || 'default';
    const name = `${meta.name}.${randomBytes(8).toString('hex')}`;
    this.remember(foldKey, { name, namespace, count: 1, firstTimestamp: now });
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { kind: obj.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid, apiVersion: obj.apiVersion, resourceVersion: meta.resourceVersion },
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      reportingComponent: this.component,
      reportingInstance: '',
    };
    this.client.create({ ...R.events, namespace }, event).catch((e) => this.failed(reason, e));
  }

  private allow(key: string): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, at: now };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (now - bucket.at) / SPAM_REFILL_MS);
    bucket.at = now;
    if (!this.buckets.has(key)) this.rememberBucket(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens--;
    return true;
  }

  private rememberBucket(key: string, bucket: { tokens: number; at: number }): void {
    if (this.buckets.size >= MAX_REMEMBERED) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(key, bucket);
  }

  private remember(key: string, f: Folded): void {
    if (this.folded.size >= MAX_REMEMBERED) this.folded.delete(this.folded.keys().next().value!);
    this.folded.set(key, f);
  }

  private failed(reason: string, e: unknown): void {
    this.log(`could not record event ${reason}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
