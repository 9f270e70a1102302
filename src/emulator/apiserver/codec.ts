// Request bodies in, response media types out: JSON and YAML bodies, the patch media
// types, and the `Accept` forms kubectl uses (Table, PartialObjectMetadata).
import { parse as parseYaml } from 'yaml';
import { decodeProtobufObject, PROTOBUF_TYPE } from './protobuf.js';
import { ApiError } from './status.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/cbor'];
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function describeParseError(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

function parseText(text: string, yaml: boolean): unknown {
  if (!yaml) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw ApiError.badRequest(`couldn't get version/kind; json parse error: ${describeParseError(e)}`);
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw ApiError.badRequest(`error converting YAML to JSON: yaml: ${describeParseError(e)}`);
  }
}

/** Decodes a create/update body: JSON or YAML, an object with metadata. */
export function decodeObjectBody(contentType: string | undefined, body: Buffer | undefined): Record<string, any> {
  const type = mediaTypeOf(contentType) || 'application/json';
  if (type !== 'application/json' && type !== 'application/yaml' && type !== PROTOBUF_TYPE) throw ApiError.unsupportedMediaType(type, OBJECT_TYPES);
  if (!body || body.length === 0) throw ApiError.badRequest('the request body is empty; expected an object');
  if (body.length > MAX_BODY_BYTES) throw ApiError.tooLarge();
  const value = type === PROTOBUF_TYPE ? decodeProtobufObject(body) : parseText(body.toString('utf8'), type === 'application/yaml');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ApiError.badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  const obj = value as Record<string, any>;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw ApiError.badRequest('metadata must be an object');
  return obj;
}

export function decodePatchBody(contentType: string | undefined, body: Buffer | undefined): { type: PatchType; patch: unknown } {
  const media = mediaTypeOf(contentType);
  const type: PatchType | undefined =
    media === 'application/json-patch+json' ? 'json'
    : media === 'application/merge-patch+json' ? 'merge'
    : media === 'application/strategic-merge-patch+json' ? 'strategic'
    : media === 'application/apply-patch+yaml' ? 'apply'
    : undefined;
  if (!type) throw ApiError.unsupportedMediaType(media, PATCH_TYPES);
  if (!body || body.length === 0) throw ApiError.badRequest('the body of the patch is empty');
  if (body.length > MAX_BODY_BYTES) throw ApiError.tooLarge();
  const patch = parseText(body.toString('utf8'), type === 'apply');
  if (type === 'json' ? !Array.isArray(patch) : typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw ApiError.badRequest(type === 'json' ? 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' : 'couldn\'t get version/kind; the patch must be an object');
  }
  return { type, patch };
}

/** Decodes an optional JSON body such as DeleteOptions; an empty body is {}. */
export function decodeOptionalJson(contentType: string | undefined, body: Buffer | undefined): Record<string, any> {
  if (!body || body.length === 0) return {};
  const type = mediaTypeOf(contentType) || 'application/json';
  if (type !== 'application/json' && type !== 'application/yaml' && type !== PROTOBUF_TYPE) throw ApiError.unsupportedMediaType(type, OBJECT_TYPES);
  const value = type === PROTOBUF_TYPE ? decodeProtobufObject(body) : parseText(body.toString('utf8'), type === 'application/yaml');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ApiError.badRequest('expected an object in the request body');
  return value as Record<string, any>;
}

export type ResponseForm = 'object' | 'table' | 'metadata';

export interface AcceptChoice {
  form: ResponseForm;
}

/** Picks the first Accept entry we can serve; protobuf-only clients get 406. */
export function negotiate(accept: string | undefined): AcceptChoice {
  if (!accept) return { form: 'object' };
  let sawUnsupported = false;
  for (const entry of accept.split(',')) {
    const [typePart, ...paramParts] = entry.split(';');
    const type = typePart.trim().toLowerCase();
    const params = new Map(paramParts.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*' && type !== 'application/yaml') {
      sawUnsupported = true;
      continue;
    }
    const as = params.get('as');
    if (!as) return { form: 'object' };
    if (as === 'Table' && (params.get('g') ?? 'meta.k8s.io') === 'meta.k8s.io') return { form: 'table' };
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && (params.get('g') ?? 'meta.k8s.io') === 'meta.k8s.io') return { form: 'metadata' };
    sawUnsupported = true;
  }
  if (sawUnsupported) throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io`);
  return { form: 'object' };
}
