// /openapi/v2, /openapi/v3 and /openapi/v3/<api|apis/...>: documents come from the schema
// module; here they are serialized once per registry generation and served with ETags.
import { createHash } from 'node:crypto';
import type { CachedDocument } from './discovery.js';
import type { SchemaModule } from './modules.js';
import type { ResourceRegistry } from './registry.js';
import { OPENAPI_V2_PROTOBUF } from './schema/openapi-protobuf.js';
import { ApiError } from './status.js';

/** What client-go's OpenAPISchema() asks for; the answer's Content-Type is OPENAPI_V2_PROTOBUF. */
export const OPENAPI_V2_PROTOBUF_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

export class OpenApiDocuments {
  private generation = -1;
  private readonly docs = new Map<string, CachedDocument>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly schema: SchemaModule,
  ) {}

  private cached(key: string, build: () => unknown): CachedDocument {
    if (this.generation !== this.registry.generation) {
      this.docs.clear();
      this.generation = this.registry.generation;
    }
    let doc = this.docs.get(key);
    if (!doc) {
      const body = JSON.stringify(build());
      doc = { body, etag: `"${createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase()}"` };
      this.docs.set(key, doc);
    }
    return doc;
  }

  /** The v2 document as gnostic protobuf (kubectl's client-side validation and explain fallback). */
  private protobufV2(resources: ReturnType<ResourceRegistry['all']>): CachedDocument {
    if (this.generation !== this.registry.generation) {
      this.docs.clear();
      this.generation = this.registry.generation;
    }
    let doc = this.docs.get('v2pb');
    if (!doc) {
      // A schema module without protobuf support answers an empty (valid) gnostic Document.
      const body = this.schema.openApiV2Protobuf?.(resources) ?? Buffer.alloc(0);
      doc = { body, etag: `"${createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase()}"`, contentType: OPENAPI_V2_PROTOBUF };
      this.docs.set('v2pb', doc);
    }
    return doc;
  }

  /** `parts` are the path segments after /openapi. */
  serve(parts: string[], accept: string | undefined): CachedDocument | undefined {
    const resources = this.registry.all();
    if (parts.length === 1 && parts[0] === 'v2') {
      if (accept && !/application\/json|\*\/\*/.test(accept)) {
        if (!accept.includes(OPENAPI_V2_PROTOBUF_ACCEPT)) throw new ApiError(406, 'NotAcceptable', 'only application/json is served for /openapi/v2');
        return this.protobufV2(resources);
      }
      return this.cached('v2', () => this.schema.openApiV2(resources));
    }
    if (parts[0] !== 'v3') return undefined;
    if (parts.length === 1) return this.cached('v3', () => this.schema.openApiV3Paths(resources));
    let group: string;
    let version: string;
    if (parts[1] === 'api' && parts.length === 3) {
      group = '';
      version = parts[2];
    } else if (parts[1] === 'apis' && parts.length === 4) {
      group = parts[2];
      version = parts[3];
    } else return undefined;
    if (!this.registry.hasGroupVersion(group, version)) return undefined;
    return this.cached(`v3/${group}/${version}`, () => this.schema.openApiV3(group, version, resources));
  }
}
