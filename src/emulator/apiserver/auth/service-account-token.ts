// ServiceAccount tokens as the TokenRequest API issues them: JWT-shaped, with kube's claims
// (iss, sub, aud, exp, kubernetes.io.serviceaccount), signed with HMAC-SHA256 under a key
// derived from the emulator's admin token, so tokens survive a restart and nobody without
// that secret can mint one. Tokens are never logged.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface ServiceAccountClaims {
  namespace: string;
  name: string;
  uid: string;
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
  aud: string[];
}

interface JwtPayload {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export class ServiceAccountTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update('cluster-anatomy/service-account-signing-key\0').update(secret).digest();
  }

  issue(claims: ServiceAccountClaims): string {
    const payload: JwtPayload = {
      iss: SERVICE_ACCOUNT_ISSUER,
      sub: `system:serviceaccount:${claims.namespace}:${claims.name}`,
      aud: claims.aud,
      exp: claims.exp,
      iat: claims.iat,
      nbf: claims.iat,
      jti: randomUUID(),
      'kubernetes.io': { namespace: claims.namespace, serviceaccount: { name: claims.name, uid: claims.uid } },
    };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  /** The claims of a token this issuer signed and that has not expired at `nowSeconds`; else undefined. */
  verify(token: string, nowSeconds: number): ServiceAccountClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let p: JwtPayload;
    try {
      p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtPayload;
    } catch {
      return undefined;
    }
    const sa = p['kubernetes.io']?.serviceaccount;
    const namespace = p['kubernetes.io']?.namespace;
    if (!sa || typeof namespace !== 'string' || typeof p.exp !== 'number') return undefined;
    if (p.exp <= nowSeconds || (typeof p.nbf === 'number' && p.nbf > nowSeconds + 60)) return undefined;
    return { namespace, name: sa.name, uid: sa.uid, exp: p.exp, iat: p.iat, aud: p.aud };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
