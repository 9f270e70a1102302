// The scheduling library's public surface: used by the emulator's scheduler loop and by
// the extension's trace reconstruction and what-if.
//
// A scheduling loop, in outline (the library does no I/O; the loop does):
//   const fw = newFramework({ trace: true });          // default profile and weights
//   const snapshot = new Snapshot();                    // fed from informers:
//     node add/update/delete -> snapshot.addNode / updateNode / removeNode, then
//       queue.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Add' | 'UpdateNodeLabel' | ... })
//     assigned pod add/update/delete -> snapshot.addPod / updatePod / removePod
//       (a delete also: queue.moveAllToActiveOrBackoff({ resource: 'Pod', action: 'Delete' }))
//     unassigned pod of this scheduler -> queue.add / update / delete
//   const queue = SchedulingQueue.forFramework(fw, clock); queue.run();
//   for (let q; (q = queue.pop()); ) {
//     const { result, trace } = scheduleOne(fw, snapshot, q.pod, { attempt: q.attempts, clock });
//     store(trace);                                     // serve as kind SchedulingTrace
//     if (result.outcome === 'Scheduled') POST result.binding to pods/binding; on failure
//       snapshot.forget(q.pod) and queue.addUnschedulable(q, [], true); else queue.done(q.pod)
//     else: event FailedScheduling with result.message, condition PodScheduled=False,
//       status.nominatedNodeName = result.nominatedNodeName, delete result.victims,
//       queue.addUnschedulable(q, result.unschedulablePlugins, result.outcome === 'Error')
//   }
export * from './api/types';
export { compileLabelSelector, compileNodeSelector, type LabelMatcher } from './api/selectors';
export { toleratesTaint, findUntoleratedTaint } from './api/tolerations';
export { pinnedToNode, withDaemonTolerations } from './api/daemon-pods';
export { Code, Status, type MaybeStatus } from './framework/status';
export { CycleState, type StateData, type StateKey } from './framework/cycle-state';
export * from './framework/interfaces';
export { Framework, type FrameworkOptions, type PluginConfig, type PluginFactory } from './framework/framework';
export { PodInfo, podInfoOf, sameStrings } from './framework/pod-info';
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
export { compactTrace, expandTrace, lazyTrace, NodeNameTable, type CompactTrace } from './trace/compact';
export type * from './trace/types';
export * as PluginNames from './plugins/names';
export { scheduledMessage, preemptedMessage, EventReasonScheduled, EventReasonFailedScheduling, EventReasonPreempted } from './events';
