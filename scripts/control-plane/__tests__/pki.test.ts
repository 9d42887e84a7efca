import {describe, expect, it} from '@jest/globals';
import {createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, X509Certificate} from 'node:crypto';
import {createServer, request, type Server} from 'node:https';
import type {TLSSocket} from 'node:tls';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ADMIN_GROUP, ADMIN_USER, createCertificate, makePki} from '../pki';

const pki = makePki({ips: ['127.0.0.1', '::1', '10.96.0.1'], dnsNames: ['localhost', 'kubernetes.default.svc']});
const ca = new X509Certificate(pki.ca.cert);

describe('makePki', () => {
  it('makes a CA that signed every leaf certificate', () => {
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true); // self-signed
    for (const leaf of [pki.serving, pki.admin, pki.controllerManager]) {
      const cert = new X509Certificate(leaf.cert);
      expect(cert.ca).toBe(false);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(leaf.key))).toBe(true);
    }
  });

  it('names the API server by every requested address and DNS name', () => {
    const serving = new X509Certificate(pki.serving.cert);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.checkIP('::1')).toBe('::1');
    expect(serving.checkIP('10.96.0.1')).toBe('10.96.0.1');
    expect(serving.checkIP('127.0.0.2')).toBeUndefined();
    expect(serving.checkHost('kubernetes.default.svc')).toBe('kubernetes.default.svc');
    expect(serving.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
  });

  it('gives the admin the user and group Kubernetes reads from CN and O', () => {
    const admin = new X509Certificate(pki.admin.cert);
    expect(admin.subject.split('\n')).toEqual(expect.arrayContaining([`CN=${ADMIN_USER}`, `O=${ADMIN_GROUP}`]));
    expect(admin.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    expect(new X509Certificate(pki.controllerManager.cert).subject).toBe('CN=system:kube-controller-manager');
  });

  it('makes a 2048-bit RSA service-account key pair whose halves match', () => {
    const priv = createPrivateKey(pki.serviceAccount.privateKey);
    expect(priv.asymmetricKeyType).toBe('rsa');
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const sig = sign('sha256', Buffer.from('token'), priv);
    expect(verify('sha256', Buffer.from('token'), createPublicKey(pki.serviceAccount.publicKey), sig)).toBe(true);
  });

  it('makes certificates a real TLS handshake accepts in both directions', async () => {
    let seenByServer = '';
    const server: Server = createServer(
      {cert: pki.serving.cert, key: pki.serving.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true},
      (req, res) => {
        seenByServer = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
        res.end('ok');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as {port: number}).port;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({host: '127.0.0.1', port, ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key, agent: false}, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve(b));
        });
        req.on('error', reject);
        req.end();
      });
      expect(body).toBe('ok');
      expect(seenByServer).toBe(ADMIN_USER);
      // A client certificate from another CA is refused.
      const stranger = makePki({ips: ['127.0.0.1'], dnsNames: []});
      await expect(
        new Promise((resolve, reject) => {
          const req = request({host: '127.0.0.1', port, ca: pki.ca.cert, cert: stranger.admin.cert, key: stranger.admin.key, agent: false}, resolve);
          req.on('error', reject);
          req.end();
        }),
      ).rejects.toThrow();
    } finally {
      server.close();
    }
  });

  it('passes openssl verify when openssl is installed', () => {
    const probe = spawnSync('openssl', ['version'], {encoding: 'utf8'});
    if (probe.status !== 0) {
      console.log('skipped the openssl cross-check: no openssl binary on PATH (the TLS handshake test above still ran)');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'ksn-pki-test-'));
    try {
      writeFileSync(join(dir, 'ca.crt'), pki.ca.cert);
      writeFileSync(join(dir, 'serving.crt'), pki.serving.cert);
      writeFileSync(join(dir, 'admin.crt'), pki.admin.cert);
      const r = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), '-purpose', 'sslserver', join(dir, 'serving.crt')], {encoding: 'utf8'});
      expect(r.stdout + r.stderr).toMatch(/serving\.crt: OK/);
      const c = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), '-purpose', 'sslclient', join(dir, 'admin.crt')], {encoding: 'utf8'});
      expect(c.stdout + c.stderr).toMatch(/admin\.crt: OK/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('createCertificate', () => {
  it('encodes validity after 2049 as GeneralizedTime and keeps the dates', () => {
    const keys = generateKeyPairSync('ec', {namedCurve: 'prime256v1'});
    const notBefore = new Date('2049-12-31T23:00:00Z');
    const notAfter = new Date('2051-06-01T12:30:00Z');
    const cert = new X509Certificate(
      createCertificate({
        subject: {commonName: 'late'},
        publicKey: keys.publicKey,
        signingKey: keys.privateKey,
        keyUsage: ['digitalSignature'],
        notBefore,
        notAfter,
      }),
    );
    expect(new Date(cert.validFrom).toISOString()).toBe(notBefore.toISOString());
    expect(new Date(cert.validTo).toISOString()).toBe(notAfter.toISOString());
  });

  it('signs with an RSA issuer key too', () => {
    const rsa = generateKeyPairSync('rsa', {modulusLength: 2048});
    const cert = new X509Certificate(
      createCertificate({subject: {commonName: 'rsa-ca'}, publicKey: rsa.publicKey, signingKey: rsa.privateKey, isCA: true, keyUsage: ['keyCertSign']}),
    );
    expect(cert.verify(rsa.publicKey)).toBe(true);
    expect(cert.ca).toBe(true);
  });

  it('rejects bad input with a clear error', () => {
    const keys = generateKeyPairSync('ec', {namedCurve: 'prime256v1'});
    const base = {publicKey: keys.publicKey, signingKey: keys.privateKey, keyUsage: ['digitalSignature' as const]};
    expect(() => createCertificate({...base, subject: {commonName: ''}})).toThrow(/common name/);
    expect(() => createCertificate({...base, subject: {commonName: 'x'}, ipAddresses: ['256.1.1.1']})).toThrow(/not an IP address/);
    expect(() => createCertificate({...base, subject: {commonName: 'x'}, notBefore: new Date(2000, 1, 2), notAfter: new Date(2000, 1, 1)})).toThrow(/notAfter/);
    const ed = generateKeyPairSync('ed25519');
    expect(() => createCertificate({...base, subject: {commonName: 'x'}, signingKey: ed.privateKey})).toThrow(/unsupported signing key type ed25519/);
  });
});
