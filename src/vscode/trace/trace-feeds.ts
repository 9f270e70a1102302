// The feeds behind trace panels, built from the trace code in the lazily loaded cluster bundle
// (dist/cluster.js re-exports src/trace): a pod's live trace (the emulator's records, or a
// reconstruction on a real cluster) and a manifest's what-if. One scheduling snapshot per
// connection, built on first use and then kept current by itself from the model's change sets,
// serves every reconstruction and what-if of that connection.

import * as vscode from 'vscode';
import type { ActiveCluster, ClusterSession } from '../cluster-session.js';
import type { ClusterModule } from '../cluster-module.js';
import type { IDisposable } from '../disposable.js';
import type { Clock } from '../../kube/clock.js';
import type { TraceSubject } from '../../../webview/protocol/trace-messages.js';
import { StaticFeed } from './static-feed.js';
import type { TraceFeed } from './trace-feed.js';
import type { TraceFeeds, WhatIfInput } from './trace-commands.js';
import type { PodRef } from './trace-subjects.js';
import { WhatIfFeed } from './what-if-feed.js';
import { reconstructionInputs } from './reconstruction-inputs.js';
import { priorityClassesOf, traceApiOf, type SchedulingSnapshotHandle, type TraceApi } from './trace-api.js';
import { WARM_DELAY_MS, warmNeedsProgress, warmProgressTitle } from './snapshot-warmth.js';

export class ClusterTraceFeeds implements TraceFeeds, IDisposable {
  private scheduling?: { active: ActiveCluster; handle: SchedulingSnapshotHandle };
  /** The connection whose snapshot is being (or was) warmed. */
  private warming?: ActiveCluster;
  private readonly subscriptions: IDisposable[] = [];

  constructor(
    private readonly cluster: () => ClusterModule,
    private readonly session: ClusterSession,
    private readonly clock: Clock,
    /** Problems (the Warning level of the output channel). */
    private readonly log: (message: string) => void,
    /** What went as expected, with its figures (the Info level). */
    private readonly info: (message: string) => void,
  ) {
    // A new connection gets a new snapshot, built when first needed.
    this.subscriptions.push(session.onDidChangeActive(() => this.dropSnapshot()));
  }

  dispose(): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
    this.dropSnapshot();
  }

  private dropSnapshot(): void {
    this.scheduling?.handle.dispose();
    this.scheduling = undefined;
  }

  private api(subject: TraceSubject): TraceApi | StaticFeed {
    let api: TraceApi | string;
    try {
      api = traceApiOf(this.cluster());
    } catch (e) {
      api = `the cluster bundle could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (typeof api === 'string') {
      this.log(`trace: ${api}`);
      return new StaticFeed(subject, `Scheduling traces are not available in this build (${api}).`);
    }
    return api;
  }

  /** The connection's scheduling snapshot (built on first use from the model's records). */
  private snapshotOf(api: TraceApi, active: ActiveCluster): SchedulingSnapshotHandle {
    if (this.scheduling?.active !== active) {
      this.dropSnapshot();
      this.scheduling = { active, handle: api.schedulingSnapshot(active.connection.model) };
    }
    return this.scheduling.handle;
  }

  /** Resolves true once nodes and pods are listed on this connection; false if it is replaced first. */
  private synced(active: ActiveCluster): Promise<boolean> {
    const model = active.connection.model;
    const ready = () => model.hasSynced('Node') && model.hasSynced('Pod');
    if (ready()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const check = () => {
        const gone = this.session.current !== active;
        if (!gone && !ready()) return;
        subscriptions.forEach((d) => d.dispose());
        resolve(!gone);
      };
      const subscriptions = [this.session.onDidChangeModel(check), this.session.onDidChangeActive(check), this.session.onDidChangeState(check)];
    });
  }

  pod(active: ActiveCluster, pod: PodRef): TraceFeed {
    const subject: TraceSubject = { kind: 'pod', title: `${pod.namespace}/${pod.name}`, namespace: pod.namespace, podName: pod.name, clusterName: active.contextName };
    const api = this.api(subject);
    if (api instanceof StaticFeed) return api;
    const feed = api.podFeed({
      transport: active.connection.transport,
      clusterName: active.contextName,
      namespace: pod.namespace,
      name: pod.name,
      clock: this.clock,
      nodeNames: () => active.connection.model.nodeNames(),
      log: this.log,
      // Only a cluster without the emulator's records asks for a reconstruction. What the model
      // does not keep (the pod's controller, Services, storage) is read meanwhile.
      reconstruct: async (fullPod) => {
        const [synced, inputs] = await Promise.all([this.synced(active), reconstructionInputs(active.connection.transport, fullPod)]);
        if (!synced || this.session.current !== active) throw new Error(`not connected to ${active.contextName} any more`);
        return this.snapshotOf(api, active).reconstruct(fullPod, inputs);
      },
    });
    this.warmSoon(api, active);
    return feed;
  }

  /**
   * Builds the connection's snapshot once the model has synced, soon after the first trace panel
   * opens, so that the first reconstruction or what-if is not the one that pays for it. The build
   * holds the extension host (1-4 s at 150,000 pods): on a large cluster a notification says why.
   */
  private warmSoon(api: TraceApi, active: ActiveCluster): void {
    if (this.warming === active) return;
    this.warming = active;
    void (async () => {
      if (!(await this.synced(active)) || this.session.current !== active) return;
      const handle = this.snapshotOf(api, active);
      if (handle.built) return;
      const pods = active.connection.model.podCount;
      const build = async () => {
        // Let the panel (and the notification) paint before the build holds the host.
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, WARM_DELAY_MS));
        if (this.session.current !== active || this.scheduling?.handle !== handle || handle.built) return;
        const ms = handle.warm();
        this.info(`trace: scheduling snapshot of ${active.contextName} built in ${Math.round(ms)} ms (${active.connection.model.nodeCount} nodes, ${pods} pods)`);
      };
      if (!warmNeedsProgress(pods)) return build();
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: warmProgressTitle(active.contextName, pods) }, build);
    })().catch((e: unknown) => this.log(`trace: building the scheduling snapshot of ${active.contextName} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  whatIf(active: ActiveCluster, input: WhatIfInput): TraceFeed {
    const subject: TraceSubject = { kind: 'manifest', title: input.title, clusterName: active.contextName };
    const api = this.api(subject);
    if (api instanceof StaticFeed) return api;
    this.warmSoon(api, active);
    return new WhatIfFeed({
      subject,
      load: () => input.load(),
      synced: () => this.synced(active),
      simulate: async (documents) => {
        const facts = { defaultNamespace: input.defaultNamespace, ...(await priorityClassesOf(active.connection.transport, (m) => this.log(m))) };
        if (this.session.current !== active) throw new Error(`not connected to ${active.contextName} any more`);
        // Let the notification paint before the simulation holds the extension host.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return this.snapshotOf(api, active).whatIf(documents, facts);
      },
      progress: (title, task) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task)),
    });
  }
}
