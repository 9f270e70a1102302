// ConfigMaps and Secrets: keys that can become file names, a 1 MiB size limit, the keys
// each Secret type needs, and `immutable` meaning what it says.

import type { KubeObject } from '../../../kube/object';
import { isConfigMapKey } from '../../../kube/validation';
import { fieldError } from '../status';
import { key } from './render';
import type { Causes, Json } from './types';
import { jsonEqual } from './json';

/** The most a ConfigMap or Secret may hold (kube's MaxSecretSize). */
export const MAX_CONFIG_SIZE = 1024 * 1024;

const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';

function validateKeys(bag: Json | undefined, path: string): Causes {
  const causes: Causes = [];
  for (const k of Object.keys(bag ?? {})) for (const msg of isConfigMapKey(k)) causes.push(fieldError.invalid(key(path, k), k, msg));
  return causes;
}

/** Secret values arrive base64-encoded; their size is that of the decoded bytes. */
function decodedSize(value: unknown): number {
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : 0;
}

export function validateConfigMap(obj: KubeObject): Causes {
  const data: Json = obj.data ?? {};
  const binary: Json = obj.binaryData ?? {};
  const causes = [...validateKeys(data, 'data'), ...validateKeys(binary, 'binaryData')];
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    size += Buffer.byteLength(String(v ?? ''));
    if (k in binary) causes.push(fieldError.invalid(key('data', k), k, 'duplicate of key present in binaryData'));
  }
  for (const v of Object.values(binary)) size += decodedSize(v);
  if (size > MAX_CONFIG_SIZE) causes.push(fieldError.tooLong('', MAX_CONFIG_SIZE));
  return causes;
}

/** Once `immutable: true`, data and the flag itself are frozen. */
export function validateImmutableData(obj: KubeObject, old: KubeObject, bags: string[]): Causes {
  if (old.immutable !== true) return [];
  const causes: Causes = [];
  if (obj.immutable !== true) causes.push(fieldError.forbidden('immutable', IMMUTABLE_MSG));
  for (const bag of bags) if (!jsonEqual(obj[bag] ?? {}, old[bag] ?? {})) causes.push(fieldError.forbidden(bag, IMMUTABLE_MSG));
  return causes;
}

/** v1 stringData is write-only sugar: it is merged into data, base64-encoded, when decoded. */
export function defaultSecret(obj: KubeObject): void {
  if (obj.type === undefined || obj.type === null || obj.type === '') obj.type = 'Opaque';
  if (obj.stringData && typeof obj.stringData === 'object') {
    obj.data = { ...(obj.data ?? {}) };
    for (const [k, v] of Object.entries(obj.stringData as Json)) obj.data[k] = Buffer.from(String(v)).toString('base64');
    delete obj.stringData;
  }
}

const REQUIRED_SECRET_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

export function validateSecret(obj: KubeObject): Causes {
  const data: Json = obj.data ?? {};
  const causes = validateKeys(data, 'data');
  let size = 0;
  for (const v of Object.values(data)) size += decodedSize(v);
  if (size > MAX_CONFIG_SIZE) causes.push(fieldError.tooLong('data', MAX_CONFIG_SIZE));
  for (const k of REQUIRED_SECRET_KEYS[obj.type] ?? []) if (!(k in data)) causes.push(fieldError.required(key('data', k)));
  if (obj.type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    causes.push(fieldError.required(key('data', 'username')), fieldError.required(key('data', 'password')));
  }
  if (obj.type === 'kubernetes.io/service-account-token' && !obj.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    causes.push(fieldError.required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
  }
  return causes;
}

export function validateSecretUpdate(obj: KubeObject, old: KubeObject): Causes {
  const causes = validateImmutableData(obj, old, ['data']);
  if ((obj.type ?? 'Opaque') !== (old.type ?? 'Opaque')) causes.unshift(fieldError.invalid('type', obj.type ?? '', 'field is immutable'));
  return causes;
}
