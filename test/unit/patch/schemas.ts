// Small hand-built type graphs shaped like the built-in Pod and Deployment schemas, with the
// list semantics that matter for patching: containers by name, ports by containerPort+protocol,
// env and volumes by name, tolerations atomic, finalizers a set, selector an atomic map.

import type { SchemaNode } from '../../../src/emulator/apiserver/schema-types';

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const strMap: SchemaNode = { type: 'map', additionalProperties: str };
const quantityMap: SchemaNode = { type: 'map', additionalProperties: { type: 'quantity' } };

export const objectMeta: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  properties: {
    name: str,
    generateName: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: int,
    creationTimestamp: str,
    labels: strMap,
    annotations: strMap,
    finalizers: { type: 'array', items: str, patchStrategy: 'merge', listType: 'set' },
    managedFields: { type: 'array', items: { type: 'any' }, listType: 'atomic' },
    ownerReferences: {
      type: 'array',
      items: { type: 'object', properties: { apiVersion: str, kind: str, name: str, uid: str, controller: { type: 'boolean' } } },
      patchStrategy: 'merge',
      patchMergeKey: 'uid',
      listType: 'map',
      listMapKeys: ['uid'],
    },
  },
};

const container: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.Container',
  properties: {
    name: str,
    image: str,
    imagePullPolicy: str,
    command: { type: 'array', items: str, listType: 'atomic' },
    args: { type: 'array', items: str, listType: 'atomic' },
    ports: {
      type: 'array',
      items: { type: 'object', properties: { name: str, containerPort: int, protocol: str } },
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
    env: {
      type: 'array',
      items: { type: 'object', properties: { name: str, value: str } },
      patchStrategy: 'merge',
      patchMergeKey: 'name',
      listType: 'map',
      listMapKeys: ['name'],
    },
    resources: { type: 'object', properties: { limits: quantityMap, requests: quantityMap } },
    volumeMounts: {
      type: 'array',
      items: { type: 'object', properties: { name: str, mountPath: str } },
      patchStrategy: 'merge',
      patchMergeKey: 'mountPath',
      listType: 'map',
      listMapKeys: ['mountPath'],
    },
  },
};

export const podSpec: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.PodSpec',
  properties: {
    containers: { type: 'array', items: container, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    initContainers: { type: 'array', items: container, patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    volumes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: str,
          emptyDir: { type: 'object', properties: { medium: str } },
          configMap: { type: 'object', properties: { name: str } },
          hostPath: { type: 'object', properties: { path: str } },
        },
      },
      patchStrategy: 'merge,retainKeys',
      patchMergeKey: 'name',
      listType: 'map',
      listMapKeys: ['name'],
    },
    tolerations: {
      type: 'array',
      items: { type: 'object', properties: { key: str, operator: str, value: str, effect: str, tolerationSeconds: int } },
      listType: 'atomic',
    },
    nodeSelector: { ...strMap, mapType: 'atomic' },
    nodeName: str,
    restartPolicy: str,
    serviceAccountName: str,
  },
};

export const podSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.core.v1.Pod',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: podSpec,
    status: { type: 'object', properties: { phase: str, podIP: str } },
  },
};

const labelSelector: SchemaNode = {
  type: 'object',
  mapType: 'atomic',
  properties: { matchLabels: strMap },
};

export const deploymentSchema: SchemaNode = {
  type: 'object',
  ref: 'io.k8s.api.apps.v1.Deployment',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        selector: labelSelector,
        template: { type: 'object', properties: { metadata: objectMeta, spec: podSpec } },
        strategy: {
          type: 'object',
          patchStrategy: 'retainKeys',
          properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: { type: 'int-or-string' }, maxUnavailable: { type: 'int-or-string' } } } },
        },
        minReadySeconds: int,
      },
    },
    status: { type: 'object', properties: { replicas: int, readyReplicas: int } },
  },
};

/** A typical Deployment manifest, as `kubectl apply` sends it. */
export function nginxDeployment(replicas = 3): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80 }],
              env: [
                { name: 'MODE', value: 'prod' },
                { name: 'LOG', value: 'info' },
              ],
              resources: { requests: { cpu: '100m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
  };
}
