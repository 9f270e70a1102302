// Everything "trace scheduling" registers: the two commands, the panel serializer (a trace
// restored with the window follows its pod again), and the host side of the panels (log,
// reveal in the Architecture tree). Nothing here touches a cluster until a command runs.

import * as vscode from 'vscode';
import type { TraceSubject } from '../../../webview/protocol/trace-messages.js';
import { validateTraceViewState } from '../../../webview/protocol/trace-validate.js';
import type { Clock } from '../../kube/clock.js';
import type { ArchitectureElement } from '../architecture-elements.js';
import type { ArchitectureTreeProvider } from '../architecture-tree.js';
import type { ClusterModule } from '../cluster-module.js';
import type { ClusterSession } from '../cluster-session.js';
import type { ManifestService } from '../manifests/manifest-service.js';
import { StaticFeed } from './static-feed.js';
import { TraceCommands } from './trace-commands.js';
import { ClusterTraceFeeds } from './trace-feeds.js';
import { TRACE_VIEW_TYPE, TracePanel, type TracePanelHost } from './trace-panel.js';
import { podPanelTitle, podSubjectKey } from './trace-subjects.js';

export interface TraceFeature {
  readonly disposables: vscode.Disposable[];
  readonly commands: TraceCommands;
  /** The open trace panels (in-host tests). */
  panels(): TracePanel[];
  /** The last lines the trace panels logged (in-host tests read dropped messages here). */
  readonly recentLog: readonly string[];
  /** Restores trace panels after a reload (in-host tests call it with a saved state). */
  readonly serializer: vscode.WebviewPanelSerializer;
}

export interface TraceFeatureOptions {
  extensionUri: vscode.Uri;
  session: ClusterSession;
  tree: ArchitectureTreeProvider;
  treeView: vscode.TreeView<ArchitectureElement>;
  manifests: ManifestService;
  cluster: () => ClusterModule;
  clock: Clock;
  ensureInitialized(): Promise<void>;
  log: vscode.LogOutputChannel;
}

const RECENT_LOG_LINES = 50;

export function registerTrace(o: TraceFeatureOptions): TraceFeature {
  const recentLog: string[] = [];
  const remember = (message: string): void => {
    recentLog.push(message);
    if (recentLog.length > RECENT_LOG_LINES) recentLog.shift();
  };
  const info = (message: string): void => {
    o.log.info(message);
    remember(message);
  };
  const host: TracePanelHost = {
    log(message) {
      o.log.warn(message);
      remember(message);
    },
    async revealNode(node) {
      if (!(await o.tree.revealDiagramElement(`node:${node}`, o.treeView))) host.log(`trace: node ${node} is not in the Architecture view`);
    },
    async revealPod(namespace, name) {
      if (!(await o.tree.revealDiagramElement(`pod:${namespace}/${name}`, o.treeView))) host.log(`trace: pod ${namespace}/${name} is not in the Architecture view`);
    },
  };
  const feeds = new ClusterTraceFeeds(o.cluster, o.session, o.clock, (m) => host.log(m), info);
  const commands = new TraceCommands({ extensionUri: o.extensionUri, session: o.session, manifests: o.manifests, feeds, host, ensureInitialized: () => o.ensureInitialized() });

  const serializer: vscode.WebviewPanelSerializer = {
    async deserializeWebviewPanel(panel, raw) {
      const saved = validateTraceViewState(raw);
      if (!saved) {
        // Nothing to follow: a panel without a subject is of no use after a reload.
        panel.dispose();
        return;
      }
      revive(panel, saved.subject);
    },
  };

  function revive(panel: vscode.WebviewPanel, subject: TraceSubject): void {
    const base = { extensionUri: o.extensionUri, host, subject };
    if (subject.kind === 'pod' && subject.namespace && subject.podName) {
      const pod = { namespace: subject.namespace, name: subject.podName };
      const key = podSubjectKey(subject.clusterName, pod);
      const title = podPanelTitle(pod);
      // The first connection settles before the feed starts; meanwhile the panel says so.
      const revived = TracePanel.revive(panel, { ...base, key, title, feed: new StaticFeed(subject, `Connecting to ${subject.clusterName}…`) });
      void o.ensureInitialized().then(() => {
        const active = o.session.current;
        revived.setFeed(active?.contextName === subject.clusterName
          ? feeds.pod(active, pod)
          : new StaticFeed(subject, `This trace was of ${subject.clusterName}; the selected context is ${active?.contextName ?? 'none'}. Run "Trace Scheduling" on the pod again.`));
      });
      return;
    }
    // A what-if depends on the editor text of its time: say how to get a fresh one.
    const feed = new StaticFeed(subject, 'This what-if was simulated before the window reloaded. Run "Trace scheduling" on the manifest again.');
    TracePanel.revive(panel, { ...base, key: `restored\n${subject.title}`, title: subject.title, feed });
  }

  // A pod's feed watches through its connection: a new connection (another context, or the same
  // one after a restart) gets a new feed, or a clear word that this trace is of another cluster.
  const followActive = o.session.onDidChangeActive((active) => {
    for (const panel of TracePanel.all()) {
      const s = panel.subject;
      if (s.kind !== 'pod' || !s.namespace || !s.podName) continue;
      panel.setFeed(active && active.contextName === s.clusterName
        ? feeds.pod(active, { namespace: s.namespace, name: s.podName })
        : new StaticFeed(s, `Not connected to ${s.clusterName} any more${active ? ` (the selected context is ${active.contextName})` : ''}: this trace no longer follows the pod.`));
    }
  });

  const disposables: vscode.Disposable[] = [
    ...commands.register(),
    followActive,
    vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, serializer),
    { dispose: () => TracePanel.all().forEach((p) => p.dispose()) },
    feeds,
  ];
  return { disposables, commands, panels: () => TracePanel.all(), recentLog, serializer };
}
