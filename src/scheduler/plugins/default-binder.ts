// DefaultBinder: the binding itself is the caller's job (POST pods/binding); this
// plugin produces the Binding object to send.
import type { Binding } from '../api/types';
import type { CycleState } from '../framework/cycle-state';
import type { BindPlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { DefaultBinder as NAME } from './names';

export class DefaultBinderPlugin implements BindPlugin {
  readonly name = NAME;

  bind(_state: CycleState, pod: PodInfo, nodeName: string): { binding: Binding } {
    const m = pod.pod.metadata;
    const metadata: Binding['metadata'] = { name: m.name ?? '', namespace: pod.namespace };
    if (m.uid) metadata.uid = m.uid;
    return { binding: { apiVersion: 'v1', kind: 'Binding', metadata, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } } };
  }
}
