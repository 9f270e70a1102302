import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNonce, traceHtml } from '../../../src/vscode/trace/trace-html.js';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
const input = (nonce: string, title = 'Trace: default/web-1') => ({
  cspSource,
  nonce,
  title,
  scriptUri: `${cspSource}/ext/dist/webview-trace.js`,
  styleUri: `${cspSource}/ext/media/trace.css`,
});

function cspOf(html: string): string {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, 'the page declares a Content-Security-Policy');
  return csp;
}

test('the trace page runs only the nonce-carrying bundle and loads only the extension\'s own styles', () => {
  const nonce = makeNonce();
  const html = traceHtml(input(nonce));
  const csp = cspOf(html);
  assert.match(csp, /default-src 'none'/);
  assert.ok(csp.includes(`script-src 'nonce-${nonce}'`), csp);
  assert.ok(csp.includes(`style-src ${cspSource}`), csp);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1, 'exactly one script');
  assert.ok(scripts[0].includes(`nonce="${nonce}"`) && scripts[0].includes('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview-trace.js"'));
  assert.doesNotMatch(html, /<style|style="/, 'no inline style');
  assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/trace\.css">/);
});

test('each page gets a fresh nonce', () => {
  assert.notEqual(makeNonce(), makeNonce());
  assert.ok(makeNonce().length >= 16);
});

test('a pod name cannot break out of the title', () => {
  const html = traceHtml(input(makeNonce(), 'Trace: default/</title><script>alert(1)</script>'));
  assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  assert.match(html, /<title>Trace: default\/&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
});

test('codicons, when shipped, load under the id vscode-elements look for', () => {
  const html = traceHtml({ ...input(makeNonce()), codiconUri: `${cspSource}/ext/dist/codicon.css` });
  assert.match(html, /<link rel="stylesheet" id="vscode-codicon-stylesheet" href="[^"]+\/dist\/codicon\.css">/);
});
