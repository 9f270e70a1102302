// The scheduling library's public surface: used by the emulator's scheduler loop and by
// the extension's trace reconstruction and what-if.
export * from './api/types';
export { compileLabelSelector, compileNodeSelector, type LabelMatcher } from './api/selectors';
export { toleratesTaint, findUntoleratedTaint } from './api/tolerations';
export { Code, Status, type MaybeStatus } from './framework/status';
export { CycleState, type StateData } from './framework/cycle-state';
export * from './framework/interfaces';
export { Framework, type FrameworkOptions, type PluginConfig, type PluginFactory } from './framework/framework';
export { PodInfo, podInfoOf } from './framework/pod-info';
export { fitErrorMessage, reasonHistogram, type FitErrorInput } from './framework/fit-error';
export { eventMatches } from './framework/cluster-events';
export { NodeInfo, normalizedImageName, type ImageStateSummary } from './snapshot/node-info';
export { Resource, podRequests } from './snapshot/resource';
export { Snapshot, type SnapshotObjects } from './snapshot/snapshot';
export { DEFAULT_PLUGINS, DEFAULT_WEIGHTS, inTreeRegistry, newFramework, type ProfileOptions } from './registry';
export { scheduleOne, numFeasibleNodesToFind, selectHost, ErrNoNodesAvailable, type ScheduleOptions, type ScheduleResult } from './schedule-one';
export { simulate, type SimulatedPlacement, type SimulateOptions } from './simulate';
export { SchedulingQueue, type SchedulingQueueOptions } from './queue/scheduling-queue';
export { TraceRecorder } from './trace/recorder';
export type * from './trace/types';
export * as PluginNames from './plugins/names';
