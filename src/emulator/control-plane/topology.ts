// The simulated cluster's shape: which nodes exist and what each runs. Minimal version
// written by the nodes engineer so the kubelets compile; the runtime engineer owns and
// extends this file (defaults, --nodes/--control-planes, profiles).
import type { KubeObject } from '../../kube/object';

export interface SimulatedNodeSpec {
  /** The node's name, e.g. "whale1". */
  name: string;
  /** A control-plane node: labelled node-role.kubernetes.io/control-plane. */
  controlPlane?: boolean;
  /** Extra labels on the Node. */
  labels?: Record<string, string>;
  /** Taints registered with the Node (kubeadm: control-plane NoSchedule). */
  taints?: { key: string; value?: string; effect: string }[];
  /** Node capacity; defaults: cpu 2, memory 8Gi, pods 110, ephemeral-storage 60Gi. */
  capacity?: { cpu?: string; memory?: string; pods?: string; 'ephemeral-storage'?: string };
  /** The node's InternalIP; default derived from its position. */
  internalIP?: string;
  /** The node's pod CIDR, e.g. "10.244.1.0/24"; default derived from its position. */
  podCIDR?: string;
  /** Static pod manifests (as in /etc/kubernetes/manifests); the kubelet creates mirror pods. */
  staticPods?: KubeObject[];
}
