// The emulator's own PKI: a CA and a serving certificate (SANs 127.0.0.1, ::1, localhost and
// the listen address), ECDSA P-256 through WebCrypto, kept in the state dir with 0600 keys.
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// tsyringe (inside @peculiar/x509) needs Reflect metadata functions before it loads.
import './reflect-metadata.js';
import * as x509 from '@peculiar/x509';

export interface ServingCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

function sansFor(address: string): x509.JsonGeneralName[] {
  const names: x509.JsonGeneralName[] = [
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: '::1' },
    { type: 'dns', value: 'localhost' },
  ];
  if (address && !['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'].includes(address)) {
    names.push({ type: /^[\d.]+$|:/.test(address) ? 'ip' : 'dns', value: address });
  }
  return names;
}

async function generate(address: string): Promise<ServingCertificates> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const now = Date.now();
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=cluster-anatomy-emulator-ca',
    keys: caKeys as unknown as CryptoKeyPair,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 10 * YEAR_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as unknown as CryptoKey),
    ],
  });
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: 'CN=kube-apiserver',
    issuer: ca.subject,
    publicKey: keys.publicKey as unknown as CryptoKey,
    signingKey: caKeys.privateKey as unknown as CryptoKey,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + YEAR_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sansFor(address)),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey as unknown as CryptoKey),
    ],
  });
  return { caPem: ca.toString('pem') + '\n', certPem: cert.toString('pem') + '\n', keyPem: await exportKey(keys.privateKey) };
}

/** Loads the certificates from `dir`, generating them on first start (or when the address changed). */
export async function ensureServingCertificates(dir: string, address: string): Promise<ServingCertificates> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key'), sans: join(dir, 'apiserver.sans') };
  const wanted = JSON.stringify(sansFor(address));
  if (existsSync(files.ca) && existsSync(files.cert) && existsSync(files.key) && existsSync(files.sans) && readFileSync(files.sans, 'utf8') === wanted) {
    return { caPem: readFileSync(files.ca, 'utf8'), certPem: readFileSync(files.cert, 'utf8'), keyPem: readFileSync(files.key, 'utf8') };
  }
  const certs = await generate(address);
  writeFileSync(files.ca, certs.caPem, { mode: 0o644 });
  writeFileSync(files.cert, certs.certPem, { mode: 0o644 });
  writeFileSync(files.key, certs.keyPem, { mode: 0o600 });
  writeFileSync(files.sans, wanted, { mode: 0o644 });
  return certs;
}
