// In-tree plugin names, as kube-scheduler spells them in profiles and traces.
export const PrioritySort = 'PrioritySort';
export const SchedulingGates = 'SchedulingGates';
export const NodeUnschedulable = 'NodeUnschedulable';
export const NodeName = 'NodeName';
export const TaintToleration = 'TaintToleration';
export const NodeAffinity = 'NodeAffinity';
export const NodePorts = 'NodePorts';
export const NodeResourcesFit = 'NodeResourcesFit';
export const VolumeRestrictions = 'VolumeRestrictions';
export const VolumeBinding = 'VolumeBinding';
export const PodTopologySpread = 'PodTopologySpread';
export const InterPodAffinity = 'InterPodAffinity';
export const DefaultPreemption = 'DefaultPreemption';
export const NodeResourcesBalancedAllocation = 'NodeResourcesBalancedAllocation';
export const ImageLocality = 'ImageLocality';
export const DefaultBinder = 'DefaultBinder';
