// The trace view's HTML: the same policy as the diagram (no inline script or style, one
// nonce-carrying bundle, styles and fonts only from the extension's own folders). Pure (no
// `vscode` import) so the policy is unit-tested as text.

import { contentSecurityPolicy } from '../diagram/diagram-html.js';

export { makeNonce } from '../diagram/diagram-html.js';

export interface TraceHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** asWebviewUri(dist/webview-trace.js) */
  scriptUri: string;
  /** asWebviewUri(media/trace.css) */
  styleUri: string;
  /** asWebviewUri of codicon.css when the build ships it; vscode-elements look it up by this id. */
  codiconUri?: string;
  nonce: string;
  /** The panel's title, e.g. `Trace: default/web-1`. */
  title: string;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function traceHtml(i: TraceHtmlInput): string {
  const codicons = i.codiconUri ? `\n<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escape(i.codiconUri)}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escape(contentSecurityPolicy(i.cspSource, i.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escape(i.styleUri)}">${codicons}
<title>${escape(i.title)}</title>
</head>
<body>
<script nonce="${escape(i.nonce)}" src="${escape(i.scriptUri)}"></script>
</body>
</html>
`;
}
