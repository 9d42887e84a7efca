import {describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import yaml from 'js-yaml';
import {exportLines, renderKubeconfig, shellWord} from '../kubeconfig';
import {makePki} from '../pki';

const pki = makePki({ips: ['127.0.0.1'], dnsNames: []});
const input = {name: 'ksn-local', server: 'https://127.0.0.1:6443', caCert: pki.ca.cert, clientCert: pki.admin.cert, clientKey: pki.admin.key};
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('renderKubeconfig', () => {
  it('renders a clientcmd v1 Config whose context points at the cluster and user', () => {
    const doc = yaml.load(renderKubeconfig(input)) as any;
    expect(doc.apiVersion).toBe('v1');
    expect(doc.kind).toBe('Config');
    expect(doc['current-context']).toBe('ksn-local');
    const context = doc.contexts.find((c: any) => c.name === doc['current-context']).context;
    const cluster = doc.clusters.find((c: any) => c.name === context.cluster).cluster;
    const user = doc.users.find((u: any) => u.name === context.user).user;
    expect(cluster.server).toBe('https://127.0.0.1:6443');
    expect(cluster['certificate-authority-data']).toBe(b64(pki.ca.cert));
    expect(user['client-certificate-data']).toBe(b64(pki.admin.cert));
    expect(user['client-key-data']).toBe(b64(pki.admin.key));
  });

  it('uses the given user name', () => {
    const doc = yaml.load(renderKubeconfig({...input, user: 'kube-controller-manager'})) as any;
    expect(doc.users[0].name).toBe('kube-controller-manager');
    expect(doc.contexts[0].context.user).toBe('kube-controller-manager');
  });

  it('rejects a server that is not https, names with spaces, and text that is not PEM', () => {
    expect(() => renderKubeconfig({...input, server: 'http://127.0.0.1:8080'})).toThrow(/https/);
    expect(() => renderKubeconfig({...input, server: 'not a url'})).toThrow(/not a URL/);
    expect(() => renderKubeconfig({...input, name: 'my cluster'})).toThrow(/name "my cluster"/);
    expect(() => renderKubeconfig({...input, clientKey: pki.admin.cert})).toThrow(/clientKey/);
    expect(() => renderKubeconfig({...input, caCert: 'hello'})).toThrow(/caCert/);
  });
});

describe('exportLines', () => {
  const evalInSh = (lines: string) =>
    spawnSync('sh', ['-c', `${lines}\nprintf '%s\\n%s' "$KUBECONFIG" "$PATH"`], {encoding: 'utf8', env: {PATH: '/usr/bin:/bin'}});

  it('prints the two lines the `up` contract promises', () => {
    expect(exportLines('/tmp/a/kubeconfig', '/c/bin')).toBe('export KUBECONFIG=/tmp/a/kubeconfig\nexport PATH=/c/bin:$PATH\n');
  });

  it.each([
    ['/tmp/plain/kubeconfig', '/cache/bin'],
    ["/tmp/it's here/kube config", '/cache dir/$HOME/bin'],
  ])('survives eval in sh: %s', (kubeconfig, bin) => {
    const r = evalInSh(exportLines(kubeconfig, bin));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${kubeconfig}\n${bin}:/usr/bin:/bin`);
  });

  it('leaves safe words bare and quotes the rest', () => {
    expect(shellWord('/a/b-c_d.e')).toBe('/a/b-c_d.e');
    expect(shellWord('a b')).toBe("'a b'");
  });
});
