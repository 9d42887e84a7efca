import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {GO_MOD} from '../build';
import {rewriteGoMod, stagingModules} from '../pin';
import {readPins} from '../pins';

const repoGoMod = readFileSync(GO_MOD, 'utf8');
/** The staging modules the repository go.mod replaces today. */
const currentStaging = [...repoGoMod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \1 v0\.\d+\.\d+$/gm)].map((m) => m[1]);

describe('stagingModules', () => {
  it('lists the modules an upstream go.mod replaces with ./staging/src', () => {
    const upstream = `module k8s.io/kubernetes
replace (
\tk8s.io/api => ./staging/src/k8s.io/api
\tk8s.io/kubectl => ./staging/src/k8s.io/kubectl
\tgithub.com/x/y => github.com/x/y v1.0.0
)
replace k8s.io/apiserver => ./staging/src/k8s.io/apiserver
`;
    expect(stagingModules(upstream)).toEqual(['k8s.io/api', 'k8s.io/apiserver', 'k8s.io/kubectl']);
  });

  it('refuses a go.mod without staging replaces', () => {
    expect(() => stagingModules('module example.com/x\n')).toThrow(/staging/);
  });
});

describe('rewriteGoMod', () => {
  it('leaves the repository go.mod unchanged when given its own pins', () => {
    const pins = readPins(repoGoMod);
    expect(currentStaging.length).toBeGreaterThan(20);
    expect(rewriteGoMod(repoGoMod, {kubernetes: pins.kubernetes, etcd: pins.etcd, staging: currentStaging})).toBe(repoGoMod);
  });

  it('moves every staging replace to the new release, adding and dropping modules as upstream did', () => {
    const staging = [...currentStaging.filter((m) => m !== 'k8s.io/sample-controller'), 'k8s.io/brand-new'];
    const out = rewriteGoMod(repoGoMod, {kubernetes: 'v1.37.2', etcd: 'v3.6.16', staging});
    expect(readPins(out)).toEqual({kubernetes: 'v1.37.2', etcd: 'v3.6.16', staging: 'v0.37.2'});
    expect(out).toContain('\tk8s.io/brand-new => k8s.io/brand-new v0.37.2');
    expect(out).not.toContain('k8s.io/sample-controller =>');
    expect(out).not.toMatch(/=> k8s\.io\/[\w.-]+ v0\.36\./);
    expect(out.split('\n').length).toBe(repoGoMod.split('\n').length); // one dropped, one added
  });

  it('keeps the etcd pin when only Kubernetes moves', () => {
    const out = rewriteGoMod(repoGoMod, {kubernetes: 'v1.36.4', staging: currentStaging});
    expect(readPins(out).etcd).toBe(readPins(repoGoMod).etcd);
    expect(readPins(out).kubernetes).toBe('v1.36.4');
  });

  it('refuses versions that are not releases', () => {
    expect(() => rewriteGoMod(repoGoMod, {kubernetes: '1.36.4', staging: currentStaging})).toThrow(/Kubernetes release/);
    expect(() => rewriteGoMod(repoGoMod, {kubernetes: 'v1.36.4', etcd: 'v3.6', staging: currentStaging})).toThrow(/etcd release/);
  });
});
