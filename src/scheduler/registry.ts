// The in-tree plugin registry and kube-scheduler's default profile (plugin order and
// score weights), and a constructor for a framework with that profile.
import { Framework, type FrameworkOptions, type PluginConfig, type PluginFactory } from './framework/framework';
import { BalancedAllocationPlugin } from './plugins/balanced-allocation';
import { DefaultBinderPlugin } from './plugins/default-binder';
import { ImageLocalityPlugin } from './plugins/image-locality';
import { InterPodAffinityPlugin } from './plugins/inter-pod-affinity';
import * as N from './plugins/names';
import { NodeAffinityPlugin } from './plugins/node-affinity';
import { NodeNamePlugin } from './plugins/node-name';
import { NodePortsPlugin } from './plugins/node-ports';
import { NodeResourcesFitPlugin } from './plugins/node-resources-fit';
import { NodeUnschedulablePlugin } from './plugins/node-unschedulable';
import { PodTopologySpreadPlugin } from './plugins/pod-topology-spread';
import { PrioritySortPlugin } from './plugins/priority-sort';
import { SchedulingGatesPlugin } from './plugins/scheduling-gates';
import { TaintTolerationPlugin } from './plugins/taint-toleration';
import { VolumeBindingPlugin } from './plugins/volume-binding';
import { VolumeRestrictionsPlugin } from './plugins/volume-restrictions';
import { DefaultPreemptionPlugin } from './preemption/default-preemption';

export const inTreeRegistry: Record<string, PluginFactory> = {
  [N.PrioritySort]: () => new PrioritySortPlugin(),
  [N.SchedulingGates]: () => new SchedulingGatesPlugin(),
  [N.NodeUnschedulable]: () => new NodeUnschedulablePlugin(),
  [N.NodeName]: () => new NodeNamePlugin(),
  [N.TaintToleration]: () => new TaintTolerationPlugin(),
  [N.NodeAffinity]: () => new NodeAffinityPlugin(),
  [N.NodePorts]: () => new NodePortsPlugin(),
  [N.NodeResourcesFit]: (_h, args) => new NodeResourcesFitPlugin(args),
  [N.VolumeRestrictions]: (h) => new VolumeRestrictionsPlugin(h),
  [N.VolumeBinding]: (h) => new VolumeBindingPlugin(h),
  [N.PodTopologySpread]: (h, args) => new PodTopologySpreadPlugin(h, args),
  [N.InterPodAffinity]: (h, args) => new InterPodAffinityPlugin(h, args),
  [N.DefaultPreemption]: (h, args) => new DefaultPreemptionPlugin(h, args),
  [N.NodeResourcesBalancedAllocation]: () => new BalancedAllocationPlugin(),
  [N.ImageLocality]: (h) => new ImageLocalityPlugin(h),
  [N.DefaultBinder]: () => new DefaultBinderPlugin(),
};

/** kube-scheduler's default score weights. */
export const DEFAULT_WEIGHTS: Record<string, number> = {
  [N.TaintToleration]: 3,
  [N.NodeAffinity]: 2,
  [N.NodeResourcesFit]: 1,
  [N.PodTopologySpread]: 2,
  [N.InterPodAffinity]: 2,
  [N.NodeResourcesBalancedAllocation]: 1,
  [N.ImageLocality]: 1,
};

/** The default profile, in kube-scheduler's filter order (score order follows it). */
export const DEFAULT_PLUGINS: PluginConfig[] = [
  N.PrioritySort,
  N.SchedulingGates,
  N.NodeUnschedulable,
  N.NodeName,
  N.TaintToleration,
  N.NodeAffinity,
  N.NodePorts,
  N.NodeResourcesFit,
  N.VolumeRestrictions,
  N.VolumeBinding,
  N.PodTopologySpread,
  N.InterPodAffinity,
  N.DefaultPreemption,
  N.NodeResourcesBalancedAllocation,
  N.ImageLocality,
  N.DefaultBinder,
].map((name) => ({ name, weight: DEFAULT_WEIGHTS[name] }));

export type ProfileOptions = Omit<FrameworkOptions, 'registry'> & { registry?: Record<string, PluginFactory> };

/** A framework for one scheduler profile; the default profile when no plugins are given. */
export function newFramework(options: ProfileOptions = {}): Framework {
  return new Framework({ ...options, registry: { ...inTreeRegistry, ...(options.registry ?? {}) } }, DEFAULT_PLUGINS, DEFAULT_WEIGHTS);
}
