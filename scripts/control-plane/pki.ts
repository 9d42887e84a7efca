/**
 * Throw-away credentials for the local control plane: a CA, the API server's serving certificate,
 * client certificates (admin in system:masters, kube-controller-manager) and the service-account
 * signing key. node:crypto makes keys and signatures but not X.509 certificates, so this file
 * writes the few DER structures of RFC 5280 it needs by hand. No openssl binary is required.
 *
 * Usage (as a library):
 *   import {makePki} from './pki';
 *   const pki = makePki({ips: ['127.0.0.1'], dnsNames: ['localhost']});
 *   pki.ca.cert, pki.serving.cert/.key, pki.admin.cert/.key, pki.controllerManager.cert/.key,
 *   pki.serviceAccount.publicKey/.privateKey  (all PEM text)
 *
 * How Kubernetes reads them: a client certificate's CN is the user name and each O is a group
 * (k8s.io/apiserver pkg/authentication/request/x509/x509.go, CommonNameUserConversion), so
 * O=system:masters makes an administrator (bootstrap policy binds cluster-admin to that group:
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, ClusterRoleBindings).
 * Inspect one with: openssl x509 -noout -text -in <file>.
 */
import {createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject} from 'node:crypto';
import {isIP} from 'node:net';

// ---------------------------------------------------------------------------------------------
// DER (ITU-T X.690), only what certificates need.

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const bool = (v: boolean) => der(0x01, Buffer.from([v ? 0xff : 0x00]));
const octetString = (b: Buffer) => der(0x04, b);
const nullValue = () => der(0x05, Buffer.alloc(0));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, inner: Buffer) => der(0xa0 + n, inner);

/** A non-negative INTEGER from big-endian bytes (a leading 0x00 keeps the sign bit clear). */
function unsignedInteger(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return der(0x02, b);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isInteger(a) || a < 0)) throw new Error(`bad OID ${dotted}`);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

/** BIT STRING whose bit i (counting from the most significant bit of the first byte) is set for each i. */
function namedBits(bits: number[]): Buffer {
  const max = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(max / 8) + 1);
  for (const i of bits) bytes[Math.floor(i / 8)] |= 0x80 >> (i % 8);
  const unused = 7 - (max % 8);
  return der(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

const bitString = (b: Buffer) => der(0x03, Buffer.concat([Buffer.from([0]), b]));

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime after. */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-01-02T03:04:05.678Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'; // 20260102030405Z
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(digits.slice(2), 'ascii')) : der(0x18, Buffer.from(digits, 'ascii'));
}

// ---------------------------------------------------------------------------------------------
// X.509

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
};

/** RFC 5280 4.2.1.3 bit positions. */
const KEY_USAGE = {digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6} as const;
export type KeyUsage = keyof typeof KEY_USAGE;

export interface DistinguishedName {
  commonName: string;
  /** Each becomes an O= attribute; Kubernetes reads each as a group. */
  organizations?: string[];
}

export interface CertificateRequest {
  subject: DistinguishedName;
  publicKey: KeyObject;
  /** The signer; omit for a self-signed certificate (then signingKey must be the subject's own key). */
  issuer?: {subject: DistinguishedName; publicKey: KeyObject};
  signingKey: KeyObject;
  isCA?: boolean;
  keyUsage: KeyUsage[];
  extKeyUsage?: ('serverAuth' | 'clientAuth')[];
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

function name(dn: DistinguishedName): Buffer {
  if (!dn.commonName) throw new Error('a certificate subject needs a common name');
  const rdns = (dn.organizations ?? []).map((o) => set(sequence(oid(OID.organization), utf8(o))));
  rdns.push(set(sequence(oid(OID.commonName), utf8(dn.commonName))));
  return sequence(...rdns);
}

function algorithmFor(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return sequence(oid(OID.ecdsaWithSha256));
  if (key.asymmetricKeyType === 'rsa') return sequence(oid(OID.sha256WithRsa), nullValue());
  throw new Error(`unsupported signing key type ${key.asymmetricKeyType}: use an EC P-256 or RSA key`);
}

/** Reads one DER element at offset: its tag, and where its content starts and ends. */
function readElement(b: Buffer, offset: number): {tag: number; start: number; end: number} {
  const tag = b[offset];
  let len = b[offset + 1];
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i];
    start += n;
  }
  if (start + len > b.length) throw new Error('truncated DER');
  return {tag, start, end: start + len};
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING (without its unused-bits byte). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({type: 'spki', format: 'der'});
  const outer = readElement(spki, 0); // SubjectPublicKeyInfo ::= SEQUENCE {
  const algorithm = readElement(spki, outer.start); //   algorithm AlgorithmIdentifier,
  const key = readElement(spki, algorithm.end); //   subjectPublicKey BIT STRING }
  if (outer.tag !== 0x30 || key.tag !== 0x03) throw new Error('unexpected SubjectPublicKeyInfo encoding');
  return createHash('sha1')
    .update(spki.subarray(key.start + 1, key.end))
    .digest();
}

function ipBytes(ip: string): Buffer {
  const family = isIP(ip);
  if (family === 4) return Buffer.from(ip.split('.').map(Number));
  if (family === 6) {
    const [head, tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    const out = Buffer.alloc(16);
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
    return out;
  }
  throw new Error(`not an IP address: "${ip}"`);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), bool(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** Builds and signs an X.509 v3 certificate; returns it as PEM. */
export function createCertificate(req: CertificateRequest): string {
  const now = Date.now();
  const notBefore = req.notBefore ?? new Date(now - 60 * 60 * 1000); // an hour of clock skew
  const notAfter = req.notAfter ?? new Date(now + 365 * 24 * 60 * 60 * 1000);
  if (notAfter <= notBefore) throw new Error('notAfter must be later than notBefore');
  const issuer = req.issuer ?? {subject: req.subject, publicKey: req.publicKey};
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive, at most 20 octets (RFC 5280 4.1.2.2)
  if (serial[0] === 0) serial[0] = 1;

  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, req.isCA ? sequence(bool(true)) : sequence()),
    extension(OID.keyUsage, true, namedBits(req.keyUsage.map((u) => KEY_USAGE[u]))),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(req.publicKey))),
    extension(OID.authorityKeyIdentifier, false, sequence(der(0x80, keyIdentifier(issuer.publicKey)))),
  ];
  if (req.extKeyUsage?.length) extensions.push(extension(OID.extKeyUsage, false, sequence(...req.extKeyUsage.map((u) => oid(OID[u])))));
  const altNames = [
    ...(req.dnsNames ?? []).map((d) => der(0x82, Buffer.from(d, 'ascii'))), // [2] dNSName
    ...(req.ipAddresses ?? []).map((ip) => der(0x87, ipBytes(ip))), // [7] iPAddress
  ];
  if (altNames.length) extensions.push(extension(OID.subjectAltName, false, sequence(...altNames)));

  const algorithm = algorithmFor(req.signingKey);
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(serial),
    algorithm,
    name(issuer.subject),
    sequence(time(notBefore), time(notAfter)),
    name(req.subject),
    req.publicKey.export({type: 'spki', format: 'der'}),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, req.signingKey); // ECDSA signatures come out DER-encoded
  return pem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)));
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

// ---------------------------------------------------------------------------------------------
// The set of credentials one control plane uses.

export interface KeyPairPem {
  cert: string;
  key: string;
}

export interface Pki {
  ca: KeyPairPem;
  /** kube-apiserver --tls-cert-file / --tls-private-key-file */
  serving: KeyPairPem;
  /** CN=kubernetes-admin, O=system:masters */
  admin: KeyPairPem;
  /** CN=system:kube-controller-manager (bound by the bootstrap RBAC policy) */
  controllerManager: KeyPairPem;
  /** RSA key that signs service-account tokens (RS256) */
  serviceAccount: {privateKey: string; publicKey: string};
  /** The extra leaves asked for by name (the node's kubelet identity, a registry's serving certificate). */
  extra: Record<string, KeyPairPem>;
}

/** An extra certificate for makePki: a client identity, or a server with its names. */
export interface LeafRequest {
  subject: DistinguishedName;
  ext: ('serverAuth' | 'clientAuth')[];
  san?: {dnsNames: string[]; ipAddresses: string[]};
}

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUP = 'system:masters';

function ecKey(): {publicKey: KeyObject; privateKey: KeyObject} {
  return generateKeyPairSync('ec', {namedCurve: 'prime256v1'});
}

const keyPem = (k: KeyObject) => k.export({type: 'pkcs8', format: 'pem'}).toString();

export function makePki(options: {ips: string[]; dnsNames: string[]; extra?: Record<string, LeafRequest>}): Pki {
  const caKeys = ecKey();
  const caSubject = {commonName: `kube-security-notes-ca-${Date.now()}`};
  const caCert = createCertificate({
    subject: caSubject,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    isCA: true,
    keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
  });
  const issuer = {subject: caSubject, publicKey: caKeys.publicKey};
  const leaf = (subject: DistinguishedName, ext: ('serverAuth' | 'clientAuth')[], san?: {dnsNames: string[]; ipAddresses: string[]}): KeyPairPem => {
    const keys = ecKey();
    const cert = createCertificate({
      subject,
      publicKey: keys.publicKey,
      issuer,
      signingKey: caKeys.privateKey,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extKeyUsage: ext,
      ...san,
    });
    return {cert, key: keyPem(keys.privateKey)};
  };
  const sa = generateKeyPairSync('rsa', {modulusLength: 2048});
  return {
    ca: {cert: caCert, key: keyPem(caKeys.privateKey)},
    serving: leaf({commonName: 'kube-apiserver'}, ['serverAuth'], {dnsNames: options.dnsNames, ipAddresses: options.ips}),
    admin: leaf({commonName: ADMIN_USER, organizations: [ADMIN_GROUP]}, ['clientAuth']),
    controllerManager: leaf({commonName: 'system:kube-controller-manager'}, ['clientAuth']),
    serviceAccount: {privateKey: keyPem(sa.privateKey), publicKey: createPublicKey(sa.privateKey).export({type: 'spki', format: 'pem'}).toString()},
    extra: Object.fromEntries(Object.entries(options.extra ?? {}).map(([name, r]) => [name, leaf(r.subject, r.ext, r.san)])),
  };
}
