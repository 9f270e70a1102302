// VS Code builds a webview's context menu from the `data-vscode-context` attribute of the
// element under the pointer (and its ancestors). The diagram is one canvas, so the attribute
// is rewritten on the canvas for whatever the pointer is on, before VS Code's own listener
// (on the window, bubbling) reads it. Menus contributed to `webview/context` with
// `webviewSection == 'pod'` then receive the pod's namespace and name as their argument.

/** What a `webview/context` command receives for a pod (VS Code adds `webview`, the view type). */
export interface PodMenuContext {
  webviewSection: 'pod';
  podNamespace: string;
  podName: string;
  /** A canvas has nothing to cut, copy or paste. */
  preventDefaultContextMenuItems: true;
}

/** The attribute's value for a diagram element id (`pod:<namespace>/<name>`, `node:...`, or nothing). */
export function vscodeContextFor(id: string | undefined): string {
  if (id?.startsWith('pod:')) {
    const key = id.slice('pod:'.length);
    const slash = key.indexOf('/');
    if (slash > 0 && slash < key.length - 1) {
      const context: PodMenuContext = { webviewSection: 'pod', podNamespace: key.slice(0, slash), podName: key.slice(slash + 1), preventDefaultContextMenuItems: true };
      return JSON.stringify(context);
    }
  }
  return JSON.stringify({ preventDefaultContextMenuItems: true });
}
