// Disposables with two lifetimes: the extension's (everything registered on activation)
// and the current connection's (watches, probes, subscriptions of one context), so that
// switching context disposes exactly one group.

export interface IDisposable {
  dispose(): void;
}

export abstract class Disposable implements IDisposable {
  private readonly registered: IDisposable[] = [];
  private disposed = false;

  protected _register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.registered.push(d);
    return d;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Last registered first: later things may depend on earlier ones.
    for (const d of this.registered.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing dispose must not keep the rest alive.
      }
    }
  }
}

/** A group of disposables that can be cleared and reused (the connection's lifetime). */
export class DisposableStore extends Disposable {
  private items: IDisposable[] = [];

  add<T extends IDisposable>(d: T): T {
    this.items.push(d);
    return d;
  }

  /** Disposes everything added so far; the store stays usable. */
  clear(): void {
    for (const d of this.items.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // see Disposable.dispose
      }
    }
  }

  override dispose(): void {
    this.clear();
    super.dispose();
  }
}
