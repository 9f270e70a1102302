import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, diagramHtml, makeNonce } from '../../../src/vscode/diagram/diagram-html.js';

const input = (nonce: string) => ({
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview-diagram.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/diagram.css',
});

test('the page allows only the nonce-carrying bundle and the extension\'s own styles', () => {
  const nonce = makeNonce();
  const html = diagramHtml(input(nonce));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, (c) => `\\${c}`)}'`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(csp, contentSecurityPolicy(input(nonce).cspSource, nonce));
  // Exactly one script, external, with the nonce; no inline script or style anywhere.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], new RegExp(`nonce="${nonce.replace(/[+/]/g, (c) => `\\${c}`)}"`));
  assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview-diagram\.js"/);
  assert.equal(scripts[0][2].trim(), '');
  assert.doesNotMatch(html, /<style|\sstyle="|\son[a-z]+="/i);
  assert.doesNotMatch(html, /http:\/\//);
});

test('each page gets a fresh, unguessable nonce', () => {
  const nonces = new Set(Array.from({ length: 50 }, makeNonce));
  assert.equal(nonces.size, 50);
  for (const n of nonces) assert.ok(Buffer.from(n, 'base64').length >= 16);
});
