import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_CONTROL_LOOPS, type ContainerLogOptions, type LifecycleHooks } from '../../../src/emulator/apiserver/context';
import { pod, testServer } from './support';

test('pods/log asks the kubelet hook with the query options and returns its text or its error', async () => {
  const asked: ContainerLogOptions[] = [];
  const hooks: LifecycleHooks = {
    ...NO_CONTROL_LOOPS,
    containerLog: (namespace, name, container, options) => {
      asked.push(options);
      if (options.previous) return { ok: false, message: `previous terminated container "${container}" in pod "${name}" not found` };
      return { ok: true, text: `${namespace}/${name}/${container}: start worker process\n` };
    },
  };
  const s = await testServer({ hooks });
  try {
    assert.equal((await s.call('POST', '/api/v1/namespaces/default/pods', pod('web'))).status, 201);
    const log = await s.call('GET', '/api/v1/namespaces/default/pods/web/log?tailLines=5&timestamps=true&limitBytes=100&sinceSeconds=60');
    assert.equal(log.status, 200);
    assert.equal(log.text, 'default/web/c: start worker process\n');
    assert.deepEqual(asked[0], { previous: false, timestamps: true, tailLines: 5, sinceSeconds: 60, limitBytes: 100 });

    const previous = await s.call('GET', '/api/v1/namespaces/default/pods/web/log?previous=true');
    assert.equal(previous.status, 400);
    assert.equal(previous.json.message, 'previous terminated container "c" in pod "web" not found');

    const bad = await s.call('GET', '/api/v1/namespaces/default/pods/web/log?tailLines=-1');
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /tailLines: Invalid value: -1/);
  } finally {
    await s.close();
  }
});
