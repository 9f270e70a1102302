// The kubelet's own admission: a pod bound to the node must fit what is left of its allocatable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admissionCapacity, admitPod } from '../../../src/emulator/nodes/pod-admission';

test('the kubelet admits pods up to its allocatable pods, cpu and memory, with upstream messages', () => {
  const capacity = { pods: 3, milliCPU: 1000, memory: 1024 };
  assert.equal(admitPod({ milliCPU: 500, memory: 512 }, { pods: 2, milliCPU: 500, memory: 512 }, capacity), undefined);
  assert.deepEqual(admitPod({ milliCPU: 0, memory: 0 }, { pods: 3, milliCPU: 0, memory: 0 }, capacity), {
    reason: 'OutOfpods',
    message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3",
  });
  assert.equal(admitPod({ milliCPU: 600, memory: 0 }, { pods: 1, milliCPU: 500, memory: 0 }, capacity)?.message, "Pod was rejected: Node didn't have enough resource: cpu, requested: 600, used: 500, capacity: 1000");
  assert.equal(admitPod({ milliCPU: 0, memory: 2048 }, { pods: 1, milliCPU: 5000, memory: 0 }, capacity)?.reason, 'OutOfmemory', 'a pod requesting no cpu is not refused for cpu');
});

test('allocatable quantities are read once into numbers', () => {
  assert.deepEqual(admissionCapacity({ pods: '110', cpu: '3800m', memory: '15Gi' }), { pods: 110, milliCPU: 3800, memory: 15 * 2 ** 30 });
  assert.deepEqual(admissionCapacity({}), { pods: 110, milliCPU: 0, memory: 0 });
});
