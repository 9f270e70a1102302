import { test } from 'node:test';
import assert from 'node:assert/strict';
import { R } from '../../../src/emulator/client/paths';
import { GarbageCollector } from '../../../src/emulator/controllers/garbage-collector/garbage-collector';
import { NamespaceController } from '../../../src/emulator/controllers/namespace/namespace-controller';
import { RootCaPublisher } from '../../../src/emulator/controllers/root-ca/root-ca-publisher';
import { ServiceAccountController } from '../../../src/emulator/controllers/serviceaccount/serviceaccount-controller';
import { eventually, startHarness } from './harness';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function start() {
  return startHarness((ctx) => [new NamespaceController(ctx), new GarbageCollector(ctx), new ServiceAccountController(ctx), new RootCaPublisher(ctx, CA)], {
    hooks: { namespaceControllerRunning: () => true, garbageCollectorRunning: () => true },
  });
}

test('every namespace gets a default ServiceAccount and kube-root-ca.crt, recreated when deleted', async () => {
  const h = await start();
  try {
    await h.client.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    for (const ns of ['default', 'kube-system', 'team']) {
      await eventually(() => h.client.get({ ...R.serviceAccounts, namespace: ns, name: 'default' }), `default SA in ${ns}`);
      const cm = await eventually(() => h.client.get({ ...R.configMaps, namespace: ns, name: 'kube-root-ca.crt' }), `CA in ${ns}`);
      assert.equal(cm.data?.['ca.crt'], CA);
    }
    await h.client.delete({ ...R.serviceAccounts, namespace: 'team', name: 'default' });
    await h.client.delete({ ...R.configMaps, namespace: 'team', name: 'kube-root-ca.crt' });
    await eventually(() => h.client.get({ ...R.serviceAccounts, namespace: 'team', name: 'default' }), 'SA recreated');
    await eventually(() => h.client.get({ ...R.configMaps, namespace: 'team', name: 'kube-root-ca.crt' }), 'CA recreated');
  } finally {
    await h.stop();
  }
});

test('deleting a namespace empties it, then removes the kubernetes finalizer so it goes away', async () => {
  const h = await start();
  try {
    await h.client.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await h.client.create({ ...R.configMaps, namespace: 'doomed' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } });
    await h.client.create({ ...R.secrets, namespace: 'doomed' }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    await h.client.delete({ ...R.namespaces, name: 'doomed' });
    const ns = await h.client.get({ ...R.namespaces, name: 'doomed' }).catch(() => undefined);
    if (ns) assert.equal(ns.status?.phase, 'Terminating');
    await eventually(async () => h.client.get({ ...R.namespaces, name: 'doomed' }).then(() => false, () => true), 'namespace gone');
    assert.equal((await h.client.list({ ...R.configMaps, namespace: 'doomed' })).items.length, 0);
  } finally {
    await h.stop();
  }
});
