// Which cluster the extension connects to by itself, the first time something needs one, given
// the setting `clusterAnatomy.emulator.autoStart`, the selection saved from the last session and
// the user's kubeconfig. Undefined means: connect to nothing, the view shows its welcome content.
// No `vscode` here, so that every combination is unit-tested.

import type { Selection } from './cluster-session.js';

export type AutoStart = 'whenNoKubeconfig' | 'always' | 'never';

export const AUTO_START_VALUES: readonly AutoStart[] = ['whenNoKubeconfig', 'always', 'never'];

export interface FirstSelectionInput {
  /** The setting's value as read; anything unknown counts as the default. */
  autoStart: string | undefined;
  /** What the user selected last time (global state). */
  saved: Selection | undefined;
  /** Context names of the user's kubeconfig files. */
  contexts: readonly string[];
  /** kubeconfig's current-context, if any. */
  currentContext: string | undefined;
}

export function firstSelection({ autoStart, saved, contexts, currentContext }: FirstSelectionInput): Selection | undefined {
  const mode: AutoStart = AUTO_START_VALUES.includes(autoStart as AutoStart) ? (autoStart as AutoStart) : 'whenNoKubeconfig';
  if (mode === 'always') return { kind: 'emulator' };
  // The user chose the emulator last time: they expect it back, unless they said never.
  if (saved?.kind === 'emulator' && mode !== 'never') return saved;
  // A saved context that has since left kubeconfig falls through to the current one.
  if (saved?.kind === 'context' && contexts.includes(saved.contextName)) return saved;
  if (currentContext && contexts.includes(currentContext)) return { kind: 'context', contextName: currentContext };
  if (contexts.length === 0 && mode === 'whenNoKubeconfig') return { kind: 'emulator' };
  return undefined;
}
