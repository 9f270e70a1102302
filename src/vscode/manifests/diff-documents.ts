// Read-only virtual documents for "Diff with Cluster": the live objects on the left, what the
// server would store after the apply (its dry-run) on the right. Contents are kept only while
// an editor shows them.
import * as vscode from 'vscode';

export const DIFF_SCHEME = 'cluster-anatomy-diff';

export class DiffDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private next = 0;
  private readonly closing = vscode.workspace.onDidCloseTextDocument((d) => {
    if (d.uri.scheme === DIFF_SCHEME) this.contents.delete(d.uri.toString());
  });

  /** A fresh URI (a new query per diff, so VS Code never shows a cached older text). */
  put(side: 'live' | 'applied', name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${side}/${name}`, query: String(++this.next) });
    this.contents.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '# this diff is no longer available: run "Diff with Cluster" again\n';
  }

  dispose(): void {
    this.closing.dispose();
    this.contents.clear();
  }
}
