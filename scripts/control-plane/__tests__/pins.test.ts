import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {GO_MOD} from '../build';
import {cacheKey, cacheLayout, cacheRoot, PinError, readPins} from '../pins';

const goMod = (kubernetes: string, etcd: string, staging: string[]) => `module example
go 1.26.0

require (
\tgo.etcd.io/etcd/server/v3 ${etcd}
\tk8s.io/kubernetes ${kubernetes} // the pin
)

require k8s.io/utils v0.0.0-20260210185600-b8788abfbbc2 // indirect

replace (
${staging.map((line) => `\t${line}`).join('\n')}
\tk8s.io/utils => k8s.io/utils v0.0.0-20260210185600-b8788abfbbc2
)
`;

describe('readPins', () => {
  it('reads the Kubernetes and etcd pins and derives the staging version', () => {
    const pins = readPins(goMod('v1.35.2', 'v3.6.4', ['k8s.io/api => k8s.io/api v0.35.2', 'k8s.io/apiserver => k8s.io/apiserver v0.35.2']));
    expect(pins).toEqual({kubernetes: 'v1.35.2', etcd: 'v3.6.4', staging: 'v0.35.2'});
  });

  it('understands single-line require and replace directives', () => {
    const text = 'module m\nrequire k8s.io/kubernetes v1.36.3\nrequire go.etcd.io/etcd/server/v3 v3.6.8\nreplace k8s.io/api => k8s.io/api v0.36.3\n';
    expect(readPins(text).staging).toBe('v0.36.3');
  });

  it('rejects a staging replace that does not match the Kubernetes pin, naming the module', () => {
    const text = goMod('v1.36.3', 'v3.6.8', ['k8s.io/api => k8s.io/api v0.36.3', 'k8s.io/client-go => k8s.io/client-go v0.36.2']);
    expect(() => readPins(text)).toThrow(PinError);
    expect(() => readPins(text)).toThrow(/k8s\.io\/client-go v0\.36\.2/);
  });

  it('rejects a go.mod without the pins or without staging replaces', () => {
    expect(() => readPins('module m\nrequire go.etcd.io/etcd/server/v3 v3.6.8\n')).toThrow(/k8s\.io\/kubernetes/);
    expect(() => readPins('module m\nrequire k8s.io/kubernetes v1.36.3\n')).toThrow(/etcd/);
    expect(() => readPins('module m\nrequire k8s.io/kubernetes v1.36.3\nrequire go.etcd.io/etcd/server/v3 v3.6.8\n')).toThrow(/replace/);
    expect(() => readPins(goMod('v1.36.3-rc.0', 'v3.6.8', []))).toThrow(/release like v1\.36\.3/);
  });

  it('reads the repository go.mod: a v1 Kubernetes release and a v3 etcd', () => {
    const pins = readPins(readFileSync(GO_MOD, 'utf8'));
    expect(pins.kubernetes).toMatch(/^v1\.\d+\.\d+$/);
    expect(pins.etcd).toMatch(/^v3\.\d+\.\d+$/);
    expect(pins.staging).toBe(pins.kubernetes.replace(/^v1\./, 'v0.'));
  });
});

describe('cacheKey', () => {
  it('changes when either pin changes', () => {
    const base = cacheKey({kubernetes: 'v1.36.3', etcd: 'v3.6.8'});
    expect(cacheKey({kubernetes: 'v1.36.4', etcd: 'v3.6.8'})).not.toBe(base);
    expect(cacheKey({kubernetes: 'v1.36.3', etcd: 'v3.6.9'})).not.toBe(base);
    expect(base).toMatch(/^[a-z0-9.-]+$/);
    expect(base).toContain('v1.36.3');
    expect(base).toContain('v3.6.8');
  });
});

describe('cacheLayout', () => {
  const pins = {kubernetes: 'v1.36.3', etcd: 'v3.6.8'};
  it('prefers KSN_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({KSN_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x'}, '/home/u')).toBe('/c');
    expect(cacheRoot({XDG_CACHE_HOME: '/x'}, '/home/u')).toBe('/x/kube-security-notes');
    expect(cacheRoot({}, '/home/u')).toBe('/home/u/.cache/kube-security-notes');
  });

  it('keys the bin folder by the pins and keeps run state outside it', () => {
    const l = cacheLayout(pins, {KSN_CACHE_DIR: '/c'});
    expect(l.bin).toBe(`/c/control-plane/${cacheKey(pins)}/bin`);
    expect(l.run.startsWith('/c/control-plane/')).toBe(true);
    expect(l.run.startsWith(l.keyDir)).toBe(false);
  });

  it('refuses relative cache variables', () => {
    expect(() => cacheRoot({KSN_CACHE_DIR: 'cache'}, '/home/u')).toThrow(/absolute/);
    expect(() => cacheRoot({XDG_CACHE_HOME: '.cache'}, '/home/u')).toThrow(/absolute/);
  });
});
