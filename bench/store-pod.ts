// A pod as kube-apiserver stores it after scheduling, about 3 KB of JSON: the size the
// store benchmarks are stated in.

import type { KubeObject } from '../src/kube/object';

export function benchPod(i: number, nodeName = `whale${(i % 100) + 1}`): KubeObject {
  const name = `web-${(i >>> 10).toString(36)}-${i.toString(36).padStart(5, '0')}`;
  const uid = `${i.toString(16).padStart(8, '0')}-7d2c-4b1e-9a3f-${(i * 2654435761 >>> 0).toString(16).padStart(12, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `web-${(i >>> 10).toString(36)}-`,
      namespace: `team-${i % 20}`,
      uid,
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '5d8f7c9b6d', tier: 'frontend', 'app.kubernetes.io/part-of': 'shop' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b6d', uid: '0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f', controller: true, blockOwnerDeletion: true }],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-01-01T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {}, 'f:tier': {} }, 'f:ownerReferences': { '.': {}, 'k:{"uid":"0c1d2e3f"}': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:ports': {}, 'f:resources': {} } }, 'f:dnsPolicy': {}, 'f:restartPolicy': {} },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-01-01T00:00:05Z',
          fieldsType: 'FieldsV1',
          subresource: 'status',
          fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': {}, 'f:startTime': {} } },
        },
      ],
    },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          volumeMounts: [{ name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      volumes: [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
            defaultMode: 420,
          },
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      nodeName,
      securityContext: {},
      schedulerName: 'default-scheduler',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:01Z' },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z' },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
      hostIP: `10.0.${(i >> 8) & 255}.${i & 255}`,
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      podIPs: [{ ip: `10.244.${(i >> 8) & 255}.${i & 255}` }],
      startTime: '2026-01-01T00:00:01Z',
      containerStatuses: [
        {
          name: 'nginx',
          state: { running: { startedAt: '2026-01-01T00:00:04Z' } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'docker.io/library/nginx:1.27',
          imageID: 'docker.io/library/nginx@sha256:6af79ae5de407283dcea8b00d5c37ace95441fd58a8b1d2aa1ed93f5511bb18c',
          containerID: `containerd://${i.toString(16).padStart(64, 'a')}`,
          started: true,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

export function benchPodKey(i: number): string {
  const p = benchPod(i);
  return `/registry/pods/${p.metadata.namespace}/${p.metadata.name}`;
}

/** A kubelet's core/v1 Event as the emulator stores it (~1 KB of JSON with managedFields). */
export function benchEvent(i: number): KubeObject {
  const pod = `web-${(i >>> 10).toString(36)}-${i.toString(36).padStart(5, '0')}`;
  const at = '2026-01-01T00:00:04Z';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${pod}.${(1_767_225_604_000_000_000n + BigInt(i) * 1_000_003n).toString(16)}`,
      namespace: `team-${i % 20}`,
      uid: `${i.toString(16).padStart(8, '0')}-1e2d-4c3b-8a79-${(i * 2246822519 >>> 0).toString(16).padStart(12, '0')}`,
      creationTimestamp: at,
      managedFields: [
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: at,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:count': {}, 'f:firstTimestamp': {}, 'f:involvedObject': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:reason': {}, 'f:reportingComponent': {}, 'f:reportingInstance': {}, 'f:source': { 'f:component': {}, 'f:host': {} }, 'f:type': {} },
        },
      ],
    },
    involvedObject: { kind: 'Pod', namespace: `team-${i % 20}`, name: pod, uid: `${i.toString(16).padStart(8, '0')}-7d2c-4b1e-9a3f-000000000000`, apiVersion: 'v1', resourceVersion: String(i * 3 + 2), fieldPath: 'spec.containers{nginx}' },
    reason: 'Started',
    message: 'Started container nginx',
    source: { component: 'kubelet', host: `whale${(i % 100) + 1}` },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: `whale${(i % 100) + 1}`,
  };
}

export function benchEventKey(i: number): string {
  const e = benchEvent(i);
  return `/registry/core/events/${e.metadata.namespace}/${e.metadata.name}`;
}
