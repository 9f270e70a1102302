// When the scheduling snapshot is warmed in the background, and what the user is told. The first
// build reads every pod of the model synchronously (measured by T2: 1-4 s at 150,000 pods, roughly
// 10-25 µs a pod), so past a few tens of thousands of pods it visibly holds the extension host:
// then a notification says why. Pure (no `vscode`).

/** From this many pods the first build takes about half a second or more. */
export const WARM_PROGRESS_PODS = 25_000;

/** Time for the panel and the notification to paint before the build holds the host. */
export const WARM_DELAY_MS = 50;

export function warmNeedsProgress(podCount: number): boolean {
  return podCount >= WARM_PROGRESS_PODS;
}

export function warmProgressTitle(contextName: string, podCount: number): string {
  return `Cluster Anatomy: preparing the scheduling snapshot of ${contextName} (${podCount.toLocaleString('en-US')} pods) for traces and what-ifs…`;
}
