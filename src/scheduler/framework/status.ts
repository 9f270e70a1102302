// The result of a plugin call, as kube-scheduler's framework.Status: a code, the
// reasons a user reads (exact kube-scheduler wording), and the plugin that spoke.

export enum Code {
  Success = 'Success',
  Error = 'Error',
  Unschedulable = 'Unschedulable',
  /** Rejected in a way preemption cannot fix (e.g. a taint, a node selector). */
  UnschedulableAndUnresolvable = 'UnschedulableAndUnresolvable',
  Wait = 'Wait',
  /** The plugin has nothing to do for this pod; its later extension points are skipped. */
  Skip = 'Skip',
  Pending = 'Pending',
}

export class Status {
  /** The plugin that returned this status; set by the framework. */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  static success(): Status {
    return new Status(Code.Success);
  }

  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  static error(message: string): Status {
    return new Status(Code.Error, [message]);
  }

  static skip(): Status {
    return new Status(Code.Skip);
  }

  get message(): string {
    return this.reasons.join(', ');
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }
}

/** Plugins return undefined for success, as Go plugins return a nil *Status. */
export type MaybeStatus = Status | undefined;

export function isSuccess(s: MaybeStatus): boolean {
  return !s || s.code === Code.Success;
}
