// Requests whose body is text (the control loops' thread posts strings): every answer is the
// one the same body as UTF-8 bytes gets, errors and warnings included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textRequest, type ApiRequest } from '../../../src/emulator/apiserver/request';
import { testServer, type TestServer } from './support';

type Case = [method: string, path: string, text: string, contentType?: string];

const pod = (name: string, extra = '') =>
  `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx"${extra}}]}}`;

function cases(tag: string): Case[] {
  const p = `/api/v1/namespaces/default/pods/${tag}`;
  return [
    ['POST', '/api/v1/namespaces/default/pods', pod(tag), 'application/json'],
    ['POST', '/api/v1/namespaces/default/pods', pod(`${tag}-u`, ',"bogus":1'), 'application/json'],
    ['POST', '/api/v1/namespaces/default/pods?fieldValidation=Strict', pod(`${tag}-s`, ',"bogus":1'), 'application/json'],
    ['POST', '/api/v1/namespaces/default/pods', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${tag}-yaml\nspec:\n  containers:\n  - name: app\n    image: "caf\u00e9"\n`, 'application/yaml'],
    ['POST', '/api/v1/namespaces/default/configmaps', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${tag}-cm"},"data":{"k":"\u00fcml\u00e4ut \ud83d\ude00"}}`, 'application/json'],
    ['POST', '/api/v1/namespaces/default/configmaps', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${tag}-lone"},"data":{"k":"a\ud800b"}}`, 'application/json'],
    ['POST', '/api/v1/namespaces/default/configmaps', '', 'application/json'],
    ['POST', '/api/v1/namespaces/default/configmaps', '{"apiVersion":', 'application/json'],
    ['POST', '/api/v1/namespaces/default/configmaps', '[1]', 'application/json'],
    ['POST', '/api/v1/namespaces/default/configmaps', '{}', 'text/plain'],
    ['POST', `${p}/binding`, `{"apiVersion":"v1","kind":"Binding","metadata":{"name":"${tag}"},"target":{"kind":"Node","name":"n1"}}`, 'application/json'],
    ['PATCH', `${p}/status`, '{"status":{"phase":"Running","podIP":"10.0.0.1","conditions":[{"type":"Ready","status":"True","lastProbeTime":null}]}}', 'application/merge-patch+json'],
    ['PATCH', `${p}/status`, '{"status":{"conditions":[{"type":"X","status":"True"}]}}', 'application/strategic-merge-patch+json'],
    ['PATCH', p, '[{"op":"add","path":"/metadata/annotations","value":{"a":"b"}}]', 'application/json-patch+json'],
    ['PATCH', `${p}?fieldManager=ssa`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${tag}\n  labels:\n    applied: "yes"\n`, 'application/apply-patch+yaml'],
    ['PATCH', p, '', 'application/merge-patch+json'],
    ['PATCH', p, '{"metadata":', 'application/merge-patch+json'],
    ['PATCH', p, '{}', 'application/xml'],
    ['PUT', `/api/v1/namespaces/default/configmaps/${tag}-cm`, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${tag}-cm"},"data":{"k":"v2"}}`, 'application/json'],
    ['DELETE', `/api/v1/namespaces/default/configmaps/${tag}-cm`, '{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}', 'application/json'],
    ['DELETE', `/api/v1/namespaces/default/pods/${tag}-u`, '', 'application/json'],
    ['DELETE', `/api/v1/namespaces/default/pods/${tag}-yaml`, '{"bad', 'application/json'],
  ];
}

async function answers(server: TestServer, tag: string, asText: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const [method, path, text, contentType] of cases(tag)) {
    server.clock.advance(1000);
    const url = new URL(path, 'https://x');
    const headers: Record<string, string> = { 'user-agent': 'kubelet/v1.34.0' };
    if (contentType) headers['content-type'] = contentType;
    const req: ApiRequest = asText ? textRequest(method, url.pathname, url.searchParams, headers, text) : { method, path: url.pathname, query: url.searchParams, headers, body: Buffer.from(text, 'utf8') };
    const res = await server.api.handle(req);
    const body = String(res.body ?? '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
      .replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-X')
      .replaceAll(`"${tag}`, '"NAME');
    out.push(`${method} ${path.replaceAll(tag, 'NAME')} -> ${res.status} ${res.headers.warning ?? ''} ${body}`);
  }
  return out;
}

describe('text request bodies', () => {
  it('get the answers their UTF-8 bytes get', async () => {
    const bytes = await testServer();
    const text = await testServer();
    try {
      const expected = await answers(bytes, 'p', false);
      const actual = await answers(text, 'p', true);
      assert.deepEqual(actual, expected);
      // Not vacuous: creates, patches and errors all answered.
      assert.ok(expected.some((l) => / -> 201 /.test(l)) && expected.some((l) => / -> 200 /.test(l)) && expected.some((l) => / -> 4\d\d /.test(l)));
    } finally {
      await bytes.close();
      await text.close();
    }
  });

  it('over the size limit are refused as their bytes are, counted in UTF-8', async () => {
    const server = await testServer();
    try {
      // 1.1 M characters of three UTF-8 bytes each: under the limit in characters, over it in bytes.
      const big = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"k":"${'\u20ac'.repeat(1_100_000)}"}}`;
      const res = await server.api.handle(textRequest('POST', '/api/v1/namespaces/default/configmaps', new URLSearchParams(), { 'content-type': 'application/json' }, big));
      assert.equal(res.status, 413);
      const fits = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fits"},"data":{"k":"${'a'.repeat(900_000)}"}}`;
      assert.equal((await server.api.handle(textRequest('POST', '/api/v1/namespaces/default/configmaps', new URLSearchParams(), { 'content-type': 'application/json' }, fits))).status, 201);
    } finally {
      await server.close();
    }
  });

  it('are parsed from the text, not from bytes made of it', async () => {
    const server = await testServer();
    try {
      const unread = (method: string, path: string, contentType: string, text: string): ApiRequest => ({
        method,
        path,
        query: new URLSearchParams(),
        headers: { 'content-type': contentType, 'user-agent': 'kubelet/v1.34.0' },
        text,
        get body(): Buffer {
          throw new Error('body read');
        },
      });
      assert.equal((await server.api.handle(unread('POST', '/api/v1/namespaces/default/pods', 'application/json', pod('t')))).status, 201);
      const patched = await server.api.handle(unread('PATCH', '/api/v1/namespaces/default/pods/t/status', 'application/merge-patch+json', '{"status":{"phase":"Running"}}'));
      assert.equal(patched.status, 200, String(patched.body));
      const deleted = await server.api.handle(unread('DELETE', '/api/v1/namespaces/default/pods/t', 'application/json', '{"gracePeriodSeconds":0}'));
      assert.equal(deleted.status, 200, String(deleted.body));
    } finally {
      await server.close();
    }
  });

  it('give readers of `body` the UTF-8 bytes', () => {
    const req = textRequest('POST', '/x', new URLSearchParams(), {}, 'caf\u00e9');
    assert.deepEqual(req.body, Buffer.from('caf\u00e9', 'utf8'));
    assert.equal(req.text, 'caf\u00e9');
  });
});
