// Authentication and authorization for the API server, in one place: which user a bearer
// token is (the admin token, or a ServiceAccount token from the TokenRequest API), whether
// RBAC lets that user do what a request asks, and the endpoints that answer questions about
// access (the review kinds) or issue tokens (serviceaccounts/<name>/token).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../../../kube/object.js';
import { decodeObjectBody, mediaTypeOf } from '../codec.js';
import { PROTOBUF_TYPE } from '../protobuf.js';
import type { ServerContext } from '../context.js';
import type { ServedResource } from '../registry.js';
import { storageKey } from '../registry.js';
import { jsonResponse, type ApiRequest, type ApiResponse } from '../request.js';
import type { RequestInfo, ResourceRequestInfo } from '../routing.js';
import { ApiError, fieldError } from '../status.js';
import { timestamp } from '../object-meta.js';
import { attributesOf, forbidden } from './attributes.js';
import { bootstrapRbacPolicy } from './bootstrap-policy.js';
import { confirmNoEscalation } from './escalation.js';
import { impersonatedUser } from './impersonation.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { RbacIndex } from './rbac-index.js';
import { decodeAccessProtobuf } from './review-protobuf.js';
import { AUTHENTICATION_GROUP, AUTHORIZATION_GROUP, selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview, subjectAccessReview } from './reviews.js';
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokens } from './service-account-token.js';
import { isPrivileged, KUBERNETES_ADMIN, serviceAccountUser, SYSTEM_AUTHENTICATED, SYSTEM_MASTERS, type UserInfo } from './user.js';

/** In-process callers (the control loops' loopback client) act as kube-apiserver's own loopback user. */
export const LOOPBACK_USER: UserInfo = { username: 'system:apiserver', groups: [SYSTEM_MASTERS, SYSTEM_AUTHENTICATED] };

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_KINDS = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
const DEFAULT_TOKEN_SECONDS = 3600;
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;

const REVIEWS = new Set([
  `${AUTHORIZATION_GROUP}/selfsubjectaccessreviews`,
  `${AUTHORIZATION_GROUP}/selfsubjectrulesreviews`,
  `${AUTHORIZATION_GROUP}/subjectaccessreviews`,
  `${AUTHORIZATION_GROUP}/localsubjectaccessreviews`,
  `${AUTHENTICATION_GROUP}/selfsubjectreviews`,
]);

export class AccessControl {
  readonly index: RbacIndex;
  readonly authorizer: RbacAuthorizer;
  private adminToken?: Buffer;
  private tokens?: ServiceAccountTokens;

  constructor(private readonly ctx: ServerContext) {
    this.index = new RbacIndex(ctx.store);
    this.authorizer = new RbacAuthorizer(this.index);
  }

  /**
   * Turns authentication on for a served API: the admin token is accepted, ServiceAccount
   * tokens are signed under a key derived from it, and the default RBAC policy exists.
   */
  async enable(adminToken: string): Promise<void> {
    this.adminToken = Buffer.from(adminToken);
    this.tokens = new ServiceAccountTokens(adminToken);
    this.index.start();
    await bootstrapRbacPolicy(this.ctx);
  }

  stop(): void {
    this.index.stop();
  }

  /** The user of an `Authorization: Bearer` header; undefined when absent or not valid. */
  authenticate(header: string | undefined): UserInfo | undefined {
    if (!header || !header.startsWith('Bearer ')) return undefined;
    const token = header.slice(7).trim();
    const given = Buffer.from(token);
    if (this.adminToken && given.length === this.adminToken.length && timingSafeEqual(given, this.adminToken)) return KUBERNETES_ADMIN;
    const claims = this.tokens?.verify(token, Math.floor(this.ctx.clock.now() / 1000));
    // A token requested for another audience (`kubectl create token --audience vault`) is not for us.
    if (!claims || !Array.isArray(claims.aud) || !claims.aud.includes(SERVICE_ACCOUNT_ISSUER)) return undefined;
    // A token outlives nothing: its ServiceAccount must still exist, the same one (uid).
    const serviceAccounts = this.ctx.registry.lookup('', 'v1', 'serviceaccounts');
    const stored = serviceAccounts && this.ctx.store.get(storageKey(serviceAccounts, claims.namespace, claims.name));
    if (!stored || (JSON.parse(stored.json) as { metadata?: { uid?: string } }).metadata?.uid !== claims.uid) return undefined;
    return serviceAccountUser(claims.namespace, claims.name, claims.uid);
  }

  /** The user after the Impersonate-* headers, if any (throws 403 when not allowed). */
  impersonate(caller: UserInfo, headers: Record<string, string | undefined>): UserInfo {
    if (headers['impersonate-user'] === undefined && headers['impersonate-group'] === undefined && headers['impersonate-uid'] === undefined) return caller;
    return impersonatedUser(this.authorizer, caller, headers);
  }

  /** Throws kube's 403 when RBAC does not allow the request. */
  authorize(user: UserInfo, req: ApiRequest, info: RequestInfo): void {
    if (isPrivileged(user)) return;
    const a = attributesOf(req.method, req.path, req.query, info);
    const decision = this.authorizer.authorize(user, a);
    if (!decision.allowed) throw forbidden(user, a, decision.reason);
    if (a.isResource && a.group === RBAC_GROUP && (a.verb === 'create' || a.verb === 'update') && a.subresource === undefined && RBAC_KINDS.has(a.resource)) {
      let obj: Record<string, any>;
      try {
        obj = decodeObjectBody(req.headers['content-type'], req.body);
      } catch {
        return; // The handler reports the bad body.
      }
      confirmNoEscalation(this.authorizer, this.index, user, a, obj as KubeObject);
    }
  }

  /** Whether this request is one AccessControl answers (a review, or a TokenRequest). */
  serves(r: ServedResource, info: ResourceRequestInfo): boolean {
    if (info.subresource === 'token') return r.group === '' && r.plural === 'serviceaccounts';
    return info.subresource === undefined && REVIEWS.has(`${r.group}/${r.plural}`);
  }

  async serve(req: ApiRequest, info: ResourceRequestInfo, r: ServedResource, user: UserInfo = LOOPBACK_USER): Promise<ApiResponse> {
    if (info.verb !== 'create' || (info.subresource === undefined && info.name !== undefined)) throw ApiError.methodNotAllowed();
    const contentType = req.headers['content-type'];
    const body = mediaTypeOf(contentType) === PROTOBUF_TYPE ? decodeAccessProtobuf(req.body) : decodeObjectBody(contentType, req.body);
    if (info.subresource === 'token') return this.createToken(info.namespace ?? '', info.name ?? '', body);
    this.index.start();
    switch (r.plural) {
      case 'selfsubjectaccessreviews':
        return jsonResponse(201, selfSubjectAccessReview(this.authorizer, user, body));
      case 'selfsubjectrulesreviews':
        return jsonResponse(201, selfSubjectRulesReview(this.authorizer, user, body));
      case 'subjectaccessreviews':
        return jsonResponse(201, subjectAccessReview(this.authorizer, body));
      case 'localsubjectaccessreviews':
        return jsonResponse(201, subjectAccessReview(this.authorizer, body, info.namespace ?? ''));
      default:
        return jsonResponse(201, selfSubjectReview(user, body));
    }
  }

  /** POST serviceaccounts/<name>/token: what `kubectl create token` calls. */
  private createToken(namespace: string, name: string, body: Record<string, any>): ApiResponse {
    const spec = (body.spec ?? {}) as Record<string, any>;
    const seconds = spec.expirationSeconds === undefined || spec.expirationSeconds === null ? DEFAULT_TOKEN_SECONDS : Number(spec.expirationSeconds);
    if (!Number.isInteger(seconds) || seconds < MIN_TOKEN_SECONDS) {
      throw ApiError.invalid('TokenRequest', name, AUTHENTICATION_GROUP, [fieldError.invalidRendered('spec.expirationSeconds', String(spec.expirationSeconds), 'may not specify a duration less than 10 minutes')]);
    }
    if (seconds > MAX_TOKEN_SECONDS) {
      throw ApiError.invalid('TokenRequest', name, AUTHENTICATION_GROUP, [fieldError.invalidRendered('spec.expirationSeconds', String(seconds), 'may not specify a duration larger than 2^32 seconds')]);
    }
    const serviceAccounts = this.ctx.registry.lookup('', 'v1', 'serviceaccounts')!;
    const stored = this.ctx.store.get(storageKey(serviceAccounts, namespace, name));
    if (!stored) throw ApiError.notFound({ resource: 'serviceaccounts', name });
    const uid = String((JSON.parse(stored.json) as { metadata?: { uid?: string } }).metadata?.uid ?? '');
    const audiences: string[] = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : [SERVICE_ACCOUNT_ISSUER];
    // Without enable() (an API server not served over HTTPS) tokens are signed with a throwaway key.
    this.tokens ??= new ServiceAccountTokens(randomBytes(32).toString('hex'));
    const nowMs = this.ctx.clock.now();
    const iat = Math.floor(nowMs / 1000);
    const token = this.tokens.issue({ namespace, name, uid, iat, exp: iat + seconds, aud: audiences });
    return jsonResponse(201, {
      kind: 'TokenRequest',
      apiVersion: `${AUTHENTICATION_GROUP}/v1`,
      metadata: { name, namespace, creationTimestamp: timestamp(nowMs) },
      spec: { audiences, expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
      status: { token, expirationTimestamp: timestamp((iat + seconds) * 1000) },
    });
  }
}
