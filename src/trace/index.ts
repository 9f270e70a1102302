// T3: what-if from a manifest
export { podsFromManifest, type PodsFromManifest, type PodsFromManifestContext, type ManifestPod, type ManifestWorkload, type ManifestDocumentNote } from './pods-from-manifest';
export { whatIf, DEFAULT_MAX_WHAT_IF_PODS, type WhatIfSnapshot, type WhatIfContext, type WhatIfOptions, type WhatIfResult } from './what-if';
export type { ReplacedPod } from './what-if-scope';
// T1: trace core (decision table, summary, journey, live pod source)
export { decisionTable, type DecisionOptions } from './decision';
export { decisionSummary } from './summary';
export { podJourney, type PodJourneyInput } from './journey';
export { PodTraceSource, type PodTraceSourceOptions, type ReconstructDecision } from './pod-trace-source';
export { servesSchedulingTraces } from './trace-discovery';
export { agreementNote, type ReconstructedDecision } from './pod-trace-source';
// T2: reconstruction on a real cluster
export { SchedulingSnapshot, type SchedulingModel, type SchedulingSnapshotStats } from './scheduling-snapshot';
export { reconstructDecision, reconstructionFramework, agreementOf, asPending, type Agreement, type Reconstruction, type ReconstructOptions } from './reconstruct';
export { nodeFromRecord, podFromRecord } from './scheduler-objects';
