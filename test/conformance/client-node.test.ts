// @kubernetes/client-node against an emulator started in-process (so the test can compact
// the store and end watches under the client): typed CRUD, and an informer that relists
// after a forced 410 Gone and keeps delivering events.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { startEmulator, type RunningEmulator } from '../../src/emulator/cluster';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// client-node is an ES module; this file is CommonJS, so it is loaded with import().
let k8s: typeof K8s;

describe('@kubernetes/client-node against the emulator', () => {
  let emu: RunningEmulator;
  let stateDir: string;
  let kc: K8s.KubeConfig;
  let core: K8s.CoreV1Api;

  before(async () => {
    k8s = await import('@kubernetes/client-node');
    stateDir = mkdtempSync(join(tmpdir(), 'kube-emulator-client-node-'));
    emu = await startEmulator({ port: 0, stateDir, fresh: true, log: () => undefined });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  after(async () => {
    await emu?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('creates, reads, replaces, patches, lists and deletes a ConfigMap', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg', labels: { app: 'demo' } }, data: { a: '1' } } });
    assert.ok(created.metadata?.uid);
    const read = await core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
    assert.equal(read.data?.a, '1');
    read.data = { a: '2' };
    const replaced = await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'cfg', body: read });
    assert.equal(replaced.data?.a, '2');
    assert.ok(Number(replaced.metadata?.resourceVersion) > Number(created.metadata?.resourceVersion));
    await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'cfg', body: { data: { b: '3' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=demo' });
    assert.deepEqual(list.items.map((i) => [i.metadata?.name, i.data]), [['cfg', { a: '2', b: '3' }]]);
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'cfg' });
    await assert.rejects(core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' }), (e: any) => e.code === 404);
  });

  it('rejects a stale update with 409 Conflict', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'race' }, data: { v: '1' } } });
    await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'race', body: { ...created, data: { v: '2' } } });
    await assert.rejects(core.replaceNamespacedConfigMap({ namespace: 'default', name: 'race', body: { ...created, data: { v: '3' } } }), (e: any) => e.code === 409);
  });

  it('keeps an informer in sync across a forced 410 Gone', async () => {
    let lists = 0;
    const listFn = () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'watched=yes' });
    };
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', listFn, 'watched=yes');
    const seen = new Set<string>();
    informer.on('add', (o) => seen.add(o.metadata!.name!));
    informer.on('error', () => undefined);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before', labels: { watched: 'yes' } } } });
    await informer.start();
    try {
      await until('the informer to list the first object', () => seen.has('before'));
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'live', labels: { watched: 'yes' } } } });
      await until('the informer to see a live event', () => seen.has('live'));
      // Writes the informer's selector hides move the revision past the last one it saw;
      // compacting there and ending its watch makes its re-watch get 410 Gone.
      for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `noise-${i}` } } });
      emu.store.compact(emu.store.revision);
      const listsBefore = lists;
      assert.ok(emu.api.terminateWatches() >= 1);
      await until('the informer to relist after 410', () => lists > listsBefore);
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after', labels: { watched: 'yes' } } } });
      await until('the informer to see an object created after the 410', () => seen.has('after'));
      const names = informer.list('default').map((o) => o.metadata?.name).sort();
      assert.deepEqual(names, ['after', 'before', 'live']);
    } finally {
      await informer.stop();
    }
  });

  it('serves a 410 ERROR event to a watch from a compacted revision', async () => {
    const old = emu.store.compactedRevision - 1;
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'bump' } } });
    emu.store.compact(emu.store.revision);
    const watch = new k8s.Watch(kc);
    const events: { type: string; obj: any }[] = [];
    const done = new Promise<void>((resolve) => {
      void watch.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: String(Math.max(1, old)) }, (type, obj) => events.push({ type, obj }), () => resolve());
    });
    await done;
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.obj.code, 410);
    assert.equal(events[0]?.obj.reason, 'Expired');
  });
});
