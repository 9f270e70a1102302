// Per-attempt scratch space plugins share between their extension points
// (PreFilter computes, Filter reads), as kube-scheduler's CycleState.

export interface StateData {
  /** Copied for preemption dry runs, where victims are removed from a copy. */
  clone(): StateData;
}

/**
 * A plugin's key for its state: in-tree plugins use a Symbol, an identity key the Map
 * never hashes by content (Filter and Score read their state once per node); strings work too.
 */
export type StateKey = string | symbol;

export class CycleState {
  private readonly data = new Map<StateKey, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  skipScorePlugins = new Set<string>();
  /** Filter plugins minus skipped ones; the framework fills it at the first Filter call. */
  activeFilters: Array<{ readonly name: string; filter(state: CycleState, pod: any, nodeInfo: any): any }> | undefined;

  read<T extends StateData>(key: StateKey): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: StateKey, value: StateData): void {
    this.data.set(key, value);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    c.activeFilters = this.activeFilters;
    return c;
  }
}
