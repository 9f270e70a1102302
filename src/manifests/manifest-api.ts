// The three calls manifests need from a cluster connection. The VS Code side implements it with
// @kubernetes/client-node; tests implement it in memory. Errors are thrown as the client throws
// them (a metav1.Status in `body`, see server-errors.ts); a missing object is `undefined`, not an error.
import type { KubeObject } from '../kube/object';
import type { ResourceRef } from './resources';

/** The field manager every apply from the editor uses, so the server's managedFields name us. */
export const FIELD_MANAGER = 'cluster-anatomy';

export interface ApplyOptions {
  /** Server dry-run (`dryRun=All`): validated, defaulted and admitted, never stored. */
  dryRun: boolean;
  /** Take ownership of fields other managers own (`force=true`). */
  force: boolean;
  fieldManager: string;
  /** Always `Strict`: an unknown field is an error at its line, not a silent drop. */
  fieldValidation: 'Strict';
}

export interface DeleteOptions {
  propagationPolicy: 'Foreground' | 'Background' | 'Orphan';
}

export interface ManifestApi {
  /** Server-side apply (PATCH application/apply-patch+yaml) of `object` at `ref`; returns the result. */
  apply(ref: ResourceRef, object: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  /** The live object, or undefined when it does not exist (404). */
  get(ref: ResourceRef): Promise<KubeObject | undefined>;
  /** Deletes; resolves false when the object was already gone (404). */
  delete(ref: ResourceRef, options: DeleteOptions): Promise<boolean>;
}

/** The subset of vscode.CancellationToken this module reads. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

/** Runs `work` over `items` with at most `limit` in flight, stopping early when `stop()` says so. */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
