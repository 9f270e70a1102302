// The QuickPick of contexts: the user's kubeconfig contexts (with what is wrong with a
// broken one) plus "Bundled emulator".

import * as vscode from 'vscode';
import type { ContextSummary, KubeconfigSet } from '../cluster/index.js';
import { EMULATOR_LABEL, type Selection } from './cluster-session.js';

interface ContextItem extends vscode.QuickPickItem {
  selection?: Selection;
}

export function contextItems(set: KubeconfigSet | undefined, currentName: string | undefined, emulatorRunning: boolean, emulatorSelected: boolean): ContextItem[] {
  const items: ContextItem[] = [];
  const contexts: ContextSummary[] = set?.listContexts() ?? [];
  for (const c of contexts) {
    const selected = !emulatorSelected && c.name === currentName;
    items.push({
      label: `${selected ? '$(check)' : '$(server-environment)'} ${c.name}`,
      description: [c.server, c.namespace && `namespace ${c.namespace}`, c.current ? 'current-context' : undefined].filter(Boolean).join(' · '),
      detail: c.problem ? `$(warning) ${c.problem}` : `${c.credential}${c.execCommand ? ` (${c.execCommand})` : ''} · ${c.file}`,
      selection: c.problem ? undefined : { kind: 'context', contextName: c.name },
    });
  }
  for (const e of set?.errors ?? []) items.push({ label: `$(error) ${e.file}`, detail: e.message });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({
    label: `${emulatorSelected ? '$(check)' : '$(vm)'} ${EMULATOR_LABEL}`,
    description: emulatorRunning ? 'running' : 'starts the emulator',
    detail: 'A Kubernetes API server with simulated nodes, run by the extension on 127.0.0.1',
    selection: { kind: 'emulator' },
  });
  return items;
}

export async function pickContext(set: KubeconfigSet | undefined, currentName: string | undefined, emulatorRunning: boolean, emulatorSelected: boolean): Promise<Selection | undefined> {
  const picked = await vscode.window.showQuickPick(contextItems(set, currentName, emulatorRunning, emulatorSelected), {
    title: 'Cluster Anatomy: Select Context',
    placeHolder: 'Contexts from your kubeconfig, or the bundled emulator',
    matchOnDescription: true,
  });
  return picked?.selection;
}
