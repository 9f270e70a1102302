// The pod indexes controllers keep from informer events (owner, node, Services' namespaces):
// updates that keep an object's slot only swap the object, the others move it. And the event
// recorder's memory of objects, which every pod passes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/object';
import type { Informer, InformerHandlers } from '../../../src/emulator/client/informer';
import { OwnerIndex } from '../../../src/emulator/controllers/owner-index';
import { PodsByNode } from '../../../src/emulator/controllers/node-lifecycle/pods-by-node';
import { ServicePods } from '../../../src/emulator/controllers/endpoints/service-pods';
import { sameTolerations } from '../../../src/emulator/controllers/node-lifecycle/taints';
import { ApiEventRecorder } from '../../../src/emulator/controllers/events';
import type { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { FakeClock } from '../../../src/kube/clock';

/** An informer as the indexes use it: a cache updated before handlers run, in registration order. */
class FakeInformer {
  private readonly handlers: InformerHandlers<KubeObject>[] = [];
  private readonly cache = new Map<string, KubeObject>();
  on(h: InformerHandlers<KubeObject>): void {
    this.handlers.push(h);
  }
  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.cache.get(`${namespace}/${name}`);
  }
  list(namespace?: string): KubeObject[] {
    return [...this.cache.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  }
  add(o: KubeObject): void {
    this.cache.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
    for (const h of this.handlers) h.add?.(o);
  }
  update(o: KubeObject, old: KubeObject): void {
    this.cache.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
    for (const h of this.handlers) h.update?.(o, old);
  }
  delete(o: KubeObject): void {
    this.cache.delete(`${o.metadata.namespace}/${o.metadata.name}`);
    for (const h of this.handlers) h.delete?.(o);
  }
  get asInformer(): Informer {
    return this as unknown as Informer;
  }
}

function pod(name: string, opts: { uid?: string; owner?: string; node?: string; labels?: Record<string, string>; phase?: string; ip?: string; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      uid: opts.uid ?? `uid-${name}`,
      labels: opts.labels,
      ownerReferences: opts.owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: opts.owner, uid: opts.owner, controller: true }] : undefined,
      deletionTimestamp: opts.deleting ? '2026-01-01T00:00:00Z' : undefined,
    },
    spec: { nodeName: opts.node },
    status: { phase: opts.phase ?? 'Pending', podIP: opts.ip },
  };
}

test('controllers indexing one informer share what they see, and each is told after the index is current', () => {
  const informer = new FakeInformer();
  const seen: number[] = [];
  const a = new OwnerIndex(informer.asInformer, () => seen.push(a.countOwned('rs1')));
  const b = new OwnerIndex(informer.asInformer, () => seen.push(b.countOwned('rs1')));
  informer.add(pod('p1', { owner: 'rs1' }));
  assert.deepEqual(seen, [1, 1]);
  const v1 = pod('p1', { owner: 'rs1' });
  const v2 = pod('p1', { owner: 'rs1', phase: 'Running' });
  informer.update(v2, v1);
  assert.equal(a.owned('rs1')[0], v2, 'a status update swaps in the newer object');
  assert.equal(b.countOwned('rs1'), 1);
});

test('an owned pod released by its controller becomes an orphan; a deleting orphan is not offered for adoption', () => {
  const informer = new FakeInformer();
  const index = new OwnerIndex(informer.asInformer);
  const owned = pod('p1', { owner: 'rs1' });
  informer.add(owned);
  const released = pod('p1');
  informer.update(released, owned);
  assert.equal(index.countOwned('rs1'), 0);
  assert.deepEqual(index.orphansIn('ns'), [released]);
  const deleting = pod('p1', { deleting: true });
  informer.update(deleting, released);
  assert.deepEqual(index.orphansIn('ns'), []);
});

test('a pod recreated under the same name (seen as an update) replaces the old one in every index', () => {
  const informer = new FakeInformer();
  const owners = new OwnerIndex(informer.asInformer);
  const byNode = new PodsByNode(informer.asInformer);
  const old = pod('p1', { uid: 'u1', owner: 'rs1', node: 'n1' });
  informer.add(old);
  const recreated = pod('p1', { uid: 'u2', owner: 'rs1', node: 'n1' });
  informer.update(recreated, old);
  assert.deepEqual(owners.owned('rs1'), [recreated]);
  assert.deepEqual(byNode.on('n1'), [recreated]);
  informer.delete(recreated);
  assert.deepEqual(owners.owned('rs1'), []);
  assert.deepEqual(byNode.on('n1'), []);
});

test('pods by node follow a binding and a deletion', () => {
  const informer = new FakeInformer();
  const byNode = new PodsByNode(informer.asInformer);
  const pending = pod('p1');
  informer.add(pending);
  const bound = pod('p1', { node: 'n1' });
  informer.update(bound, pending);
  const running = pod('p1', { node: 'n1', phase: 'Running' });
  informer.update(running, bound);
  assert.deepEqual(byNode.on('n1'), [running]);
  informer.delete(running);
  assert.deepEqual(byNode.on('n1'), []);
});

test('Services are told about pod changes that move endpoints in their namespace, and only those', () => {
  const pods = new FakeInformer();
  const services = new FakeInformer();
  const queued: string[] = [];
  const sp = new ServicePods(pods.asInformer, services.asInformer, (k) => queued.push(k));
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'ns', uid: 's1' }, spec: { selector: { app: 'web' } } };
  const v1 = pod('p1', { labels: { app: 'web' } });
  pods.add(v1);
  assert.deepEqual(queued, [], 'no Service yet');
  services.add(svc);
  assert.deepEqual(sp.selected('ns', [{ key: 'app', operator: '=', values: ['web'] }]), [v1], 'a new Service finds the pods already there');
  queued.length = 0;
  const v2 = pod('p1', { labels: { app: 'web' }, node: 'n1' });
  pods.update(v2, v1);
  assert.deepEqual(queued, ['ns/web'], 'binding moves the endpoint');
  queued.length = 0;
  const v3 = pod('p1', { labels: { app: 'web' }, node: 'n1' });
  (v3.status as Record<string, unknown>).startTime = 'now';
  pods.update(v3, v2);
  assert.deepEqual(queued, [], 'a status field endpoints do not show');
  const v4 = pod('p1', { labels: { app: 'api' }, node: 'n1' });
  pods.update(v4, v3);
  assert.deepEqual(queued, ['ns/web'], 'relabelled out of the selector: the old labels matched');
  assert.deepEqual(sp.selected('ns', [{ key: 'app', operator: '=', values: ['web'] }]), []);
  queued.length = 0;
  services.delete(svc);
  queued.length = 0;
  const v5 = pod('p1', { labels: { app: 'web' }, node: 'n1' });
  pods.update(v5, v4);
  assert.deepEqual(queued, [], 'the Service is gone');
  services.add(svc);
  assert.deepEqual(sp.selected('ns', [{ key: 'app', operator: '=', values: ['web'] }]), [v5], 'pods changed while no Service selected are current');
});

test('tolerations compare field by field', () => {
  const t = { key: 'k', operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 };
  assert.equal(sameTolerations([t], [{ ...t }]), true);
  assert.equal(sameTolerations([t], [{ ...t, tolerationSeconds: 60 }]), false);
  assert.equal(sameTolerations([t], []), false);
  assert.equal(sameTolerations(undefined, []), true);
});

test('the event recorder folds repeats of the objects it remembers and forgets the least recently used', async () => {
  const calls: string[] = [];
  const client = {
    noResult: {
      create: (_ref: unknown, body: { involvedObject: { name: string } }) => {
        calls.push(`create ${body.involvedObject.name}`);
        return Promise.resolve(undefined);
      },
      patch: (ref: { name: string }) => {
        calls.push(`fold ${ref.name.split('.')[0]}`);
        return Promise.resolve(undefined);
      },
    },
  } as unknown as LoopbackClient;
  const recorder = new ApiEventRecorder(client, 'kubelet', new FakeClock(), () => undefined, { cacheSize: 3 });
  const say = (name: string) => recorder.event(pod(name), 'Warning', 'BackOff', 'back-off');
  for (const name of ['a', 'b', 'c', 'a', 'd', 'b', 'a', 'c', 'd']) say(name);
  // a b c | a folds (order b c a) | d evicts b (c a d) | b evicts c (a d b) | a folds (d b a) | c evicts d (b a c) | d evicts b
  assert.deepEqual(calls, ['create a', 'create b', 'create c', 'fold a', 'create d', 'create b', 'fold a', 'create c', 'create d']);
});
