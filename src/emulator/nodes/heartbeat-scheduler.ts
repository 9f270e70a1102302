// One timer drives every kubelet's periodic work (lease renewal every 10 s, status sync).
// 5,000 setIntervals would wake the event loop 5,000 times per period; instead members
// wait in a queue ordered by due time, spread evenly over the period, and each tick
// serves those that are due. Because every member has the same period the queue stays
// ordered by appending, so a tick costs O(members due).
import type { Clock, Timer } from '../../kube/clock';

export interface HeartbeatMember {
  /** Called when the member's turn comes; the member decides what (if anything) to do. */
  beat(now: number): void;
}

interface Entry {
  member: HeartbeatMember;
  due: number;
  removed: boolean;
}

export class HeartbeatScheduler {
  private queue: Entry[] = [];
  private head = 0;
  private readonly entries = new Map<HeartbeatMember, Entry>();
  private timer?: Timer;

  constructor(
    private readonly clock: Clock,
    readonly periodMs: number,
    private readonly tickMs = Math.max(10, Math.min(250, periodMs / 40)),
  ) {}

  /** Adds members spread over one period, first beat within a period from now. */
  add(members: HeartbeatMember[]): void {
    const now = this.clock.now();
    const step = this.periodMs / Math.max(1, members.length);
    this.queue = this.queue.slice(this.head);
    this.head = 0;
    members.forEach((member, i) => this.push({ member, due: now + Math.round(i * step), removed: false }));
    this.queue.sort((a, b) => a.due - b.due);
  }

  remove(member: HeartbeatMember): void {
    const e = this.entries.get(member);
    if (e) e.removed = true;
    this.entries.delete(member);
  }

  start(): void {
    this.timer ??= this.clock.setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Serves every member that is due; exposed so tests can drive it directly. */
  tick(): void {
    const now = this.clock.now();
    const due: Entry[] = [];
    while (this.head < this.queue.length && this.queue[this.head].due <= now) due.push(this.queue[this.head++]);
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    for (const e of due) {
      if (e.removed) continue;
      // Keep the phase: the next turn is one period after this one was due, not after now.
      e.due = Math.max(e.due + this.periodMs, now + 1);
      this.queue.push(e);
      e.member.beat(now);
    }
  }

  private push(e: Entry): void {
    this.entries.set(e.member, e);
    this.queue.push(e);
  }
}
