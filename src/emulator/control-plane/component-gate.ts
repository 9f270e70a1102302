// A control-plane process that is stopped (fault injection) or not the leader does no work.
// Its controllers cannot be paused one by one, so their API requests are held at this gate,
// like a frozen process's, and go through when it opens again: rollouts stall, then resume.
import type { ApiRequest, ApiResponse } from '../apiserver/request';
import type { ApiHandler } from '../client/loopback-client';

export class ComponentGate implements ApiHandler {
  private open = true;
  private waiting: (() => void)[] = [];

  constructor(private readonly inner: ApiHandler) {}

  get isOpen(): boolean {
    return this.open;
  }

  setOpen(open: boolean): void {
    this.open = open;
    if (!open) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const go of waiting) go();
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    while (!this.open) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.inner.handle(req);
  }
}
