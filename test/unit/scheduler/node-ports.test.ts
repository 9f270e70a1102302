import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, Snapshot } from './fixtures';

test('NodePorts: a host port in use on a node rejects the node', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], pods: [makePod('web', { nodeName: 'a', hostPort: 8080 })] });
  const p = pluginOn(PluginNames.NodePorts, snap);
  assert.deepEqual(runFilter(p, snap, makePod('p', { hostPort: 8080 })), { a: "Unschedulable: node(s) didn't have free ports for the requested pod ports", b: 'ok' });
  assert.deepEqual(runFilter(p, snap, makePod('q', { hostPort: 9090 })), { a: 'ok', b: 'ok' });
  assert.deepEqual(runFilter(p, snap, makePod('r')), { a: 'skip', b: 'skip' }, 'pods without host ports skip the plugin');
});

test('NodePorts: 0.0.0.0 clashes with a specific address on the same port, other protocols do not', () => {
  const specific = makePod('s', { nodeName: 'a' });
  specific.spec.containers[0].ports = [{ containerPort: 53, hostPort: 53, hostIP: '10.0.0.1', protocol: 'UDP' }];
  const snap = Snapshot.from({ nodes: [makeNode('a')], pods: [specific] });
  const p = pluginOn(PluginNames.NodePorts, snap);
  const anyUdp = makePod('u');
  anyUdp.spec.containers[0].ports = [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }];
  const anyTcp = makePod('t');
  anyTcp.spec.containers[0].ports = [{ containerPort: 53, hostPort: 53 }];
  assert.match(runFilter(p, snap, anyUdp).a, /didn't have free ports/);
  assert.equal(runFilter(p, snap, anyTcp).a, 'ok');
});
