// Fault injection through the API: one cluster-scoped EmulatedComponent per control-plane
// component per member node and per kubelet, served from memory (it must keep working
// while "etcd" is down). `kubectl patch emulatedcomponent kube-scheduler-whale1 --type merge
// -p '{"spec":{"running":false}}'` stops it; the effect is applied by the runtime's handler.
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { ApiError } from '../apiserver/status';
import type { VirtualResource, VirtualResourceProvider, VirtualWatchEvent } from '../apiserver/virtual-resources';
import { TRACE_GROUP, TRACE_VERSION } from '../scheduling/trace-ring';

export type ComponentKind = 'etcd' | 'kube-apiserver' | 'kube-scheduler' | 'kube-controller-manager' | 'kubelet';

export interface ComponentState {
  name: string;
  component: ComponentKind;
  nodeName: string;
  running: boolean;
  /** For leader-elected components: whether this member holds the lease. */
  leader?: boolean;
  message?: string;
  lastTransitionTime: string;
}

/** Applies a change; returns a message for status (e.g. why it has no visible effect). */
export type ComponentEffect = (state: ComponentState) => string | undefined;

export class EmulatedComponents implements VirtualResourceProvider {
  private readonly states = new Map<string, ComponentState>();
  private readonly watchers = new Set<(e: VirtualWatchEvent) => void>();
  private revision = 1;
  private readonly created: string;

  constructor(
    private readonly clock: Clock,
    private readonly effect: ComponentEffect,
  ) {
    this.created = this.time();
  }

  add(component: ComponentKind, nodeName: string): void {
    const name = `${component}-${nodeName}`;
    this.states.set(name, { name, component, nodeName, running: true, lastTransitionTime: this.created });
  }

  state(name: string): ComponentState | undefined {
    return this.states.get(name);
  }

  all(): ComponentState[] {
    return [...this.states.values()];
  }

  /** Starts or stops a component (what a PATCH of spec.running does). */
  setRunning(name: string, running: boolean): ComponentState {
    const s = this.states.get(name);
    if (!s) throw ApiError.notFound({ group: TRACE_GROUP, resource: 'emulatedcomponents', name });
    if (s.running !== running) {
      s.running = running;
      s.lastTransitionTime = this.time();
      s.message = this.effect(s);
      this.changed(s);
    }
    return s;
  }

  /** Records who leads, for `kubectl get emulatedcomponents`. */
  setLeader(component: ComponentKind, nodeName: string | undefined): void {
    for (const s of this.states.values()) {
      if (s.component !== component) continue;
      const leader = s.nodeName === nodeName;
      if (s.leader === leader) continue;
      s.leader = leader;
      this.changed(s);
    }
  }

  // --- VirtualResourceProvider --------------------------------------------------------

  get(_namespace: string | undefined, name: string): KubeObject | undefined {
    const s = this.states.get(name);
    return s && this.toObject(s);
  }

  list(_namespace?: string): KubeObject[] {
    return [...this.states.values()].map((s) => this.toObject(s));
  }

  resourceVersion(): string {
    return String(this.revision);
  }

  watch(send: (e: VirtualWatchEvent) => void, initial?: { namespace: string | undefined }): () => void {
    if (initial) for (const object of this.list(initial.namespace)) send({ type: 'ADDED', object });
    this.watchers.add(send);
    return () => this.watchers.delete(send);
  }

  update(_namespace: string | undefined, name: string, obj: KubeObject): KubeObject {
    const running = (obj.spec as { running?: unknown } | undefined)?.running;
    if (typeof running !== 'boolean') {
      throw ApiError.invalid('EmulatedComponent', name, TRACE_GROUP, [{ reason: 'FieldValueRequired', field: 'spec.running', message: 'Required value: true or false' }]);
    }
    return this.toObject(this.setRunning(name, running));
  }

  private changed(s: ComponentState): void {
    this.revision++;
    const object = this.toObject(s);
    for (const w of this.watchers) w({ type: 'MODIFIED', object });
  }

  private time(): string {
    return new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  private toObject(s: ComponentState): KubeObject {
    return {
      apiVersion: `${TRACE_GROUP}/${TRACE_VERSION}`,
      kind: 'EmulatedComponent',
      metadata: { name: s.name, uid: `emulated-${s.name}`, resourceVersion: String(this.revision), creationTimestamp: this.created, labels: { component: s.component, 'kubernetes.io/hostname': s.nodeName } },
      spec: { component: s.component, nodeName: s.nodeName, running: s.running },
      status: {
        phase: s.running ? 'Running' : 'Stopped',
        ...(s.leader !== undefined ? { leader: s.leader } : {}),
        ...(s.message ? { message: s.message } : {}),
        lastTransitionTime: s.lastTransitionTime,
      },
    } as KubeObject;
  }
}

export function emulatedComponentResource(provider: VirtualResourceProvider): VirtualResource {
  return {
    group: TRACE_GROUP,
    version: TRACE_VERSION,
    kind: 'EmulatedComponent',
    listKind: 'EmulatedComponentList',
    plural: 'emulatedcomponents',
    singular: 'emulatedcomponent',
    namespaced: false,
    shortNames: ['ecomp'],
    categories: ['emulator'],
    verbs: ['get', 'list', 'watch', 'update', 'patch'],
    preferred: true,
    additionalPrinterColumns: [
      { name: 'Component', type: 'string', jsonPath: '.spec.component' },
      { name: 'Node', type: 'string', jsonPath: '.spec.nodeName' },
      { name: 'Running', type: 'boolean', jsonPath: '.spec.running' },
      { name: 'Leader', type: 'boolean', jsonPath: '.status.leader' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
    provider,
  };
}
