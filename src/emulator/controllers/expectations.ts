// ControllerExpectations as upstream: after asking for N creations or deletions, a controller
// waits until its informer has seen them before acting again, so a slow watch never makes it
// create the same pods twice. Expectations expire after 5 minutes in case an event was lost.
import type { Clock } from '../../kube/clock';

const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expected {
  add: number;
  del: number;
  at: number;
}

export class Expectations {
  private readonly byKey = new Map<string, Expected>();

  constructor(private readonly clock: Clock) {}

  expect(key: string, add: number, del: number): void {
    this.byKey.set(key, { add, del, at: this.clock.now() });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.del--;
  }

  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    return (e.add <= 0 && e.del <= 0) || this.clock.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }
}
