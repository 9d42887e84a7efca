import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {load} from 'js-yaml';
import {effectiveSecurityContext, resolveSecurityContext, SecurityContextError} from '../../index';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__');
const fixture = (name: string): object => load(readFileSync(join(FIXTURES, name), 'utf8')) as object;

const podWith = (podSc: object | undefined, containerSc: object | undefined, list: 'containers' | 'initContainers' | 'ephemeralContainers' = 'containers') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'p'},
  spec: {
    ...(podSc ? {securityContext: podSc} : {}),
    containers: [{name: 'main', image: 'busybox'}],
    // (for list 'containers' this replaces main: the container under test is then the only one)
    [list]: [{name: 'c', image: 'busybox', ...(containerSc ? {securityContext: containerSc} : {})}],
  },
});

describe('effectiveSecurityContext (pkg/securitycontext/util.go, DetermineEffectiveSecurityContext)', () => {
  it('multi-pod: web runs as 1002 (its own), sidecar as 1001 (the pod)', () => {
    const pod = fixture('multi-pod.yaml');
    expect(effectiveSecurityContext(pod, 'web').runAsUser).toBe(1002);
    expect(effectiveSecurityContext(pod, 'sidecar').runAsUser).toBe(1001);
    const web = resolveSecurityContext(pod, 'web');
    expect(web.sources.runAsUser).toBe('container');
    expect(web.overridden).toEqual({runAsUser: 1001});
    expect(resolveSecurityContext(pod, 'sidecar').sources.runAsUser).toBe('pod');
  });

  it('ubuntu-sleeper: capabilities are the container own, nothing else set', () => {
    expect(effectiveSecurityContext(fixture('ubuntu-sleeper.yaml'), 'ubuntu-sleeper')).toEqual({
      privileged: false,
      readOnlyRootFilesystem: false,
      capabilities: {add: ['SYS_TIME', 'NET_ADMIN'], drop: []},
    });
  });

  it('runAsUser, runAsGroup, runAsNonRoot: container over pod, each on its own', () => {
    const pod = podWith({runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true}, {runAsGroup: 4000, runAsNonRoot: false});
    const r = resolveSecurityContext(pod, 'c');
    expect(r.effective).toMatchObject({runAsUser: 1000, runAsGroup: 4000, runAsNonRoot: false});
    expect(r.sources).toMatchObject({runAsUser: 'pod', runAsGroup: 'container', runAsNonRoot: 'container'});
    // runAsUser 0 is a value (root), not "unset".
    expect(effectiveSecurityContext(podWith({runAsUser: 1000}, {runAsUser: 0}), 'c').runAsUser).toBe(0);
  });

  it('nothing set: defaults, with the unset fields left out', () => {
    const r = resolveSecurityContext(podWith(undefined, undefined), 'c');
    expect(r.effective).toEqual({privileged: false, readOnlyRootFilesystem: false, capabilities: {add: [], drop: []}});
    expect(Object.values(r.sources).every((s) => s === 'default')).toBe(true);
    expect('runAsUser' in r.effective).toBe(false);
    expect('allowPrivilegeEscalation' in r.effective).toBe(false);
  });

  it('privileged, allowPrivilegeEscalation, readOnlyRootFilesystem, capabilities exist only on the container', () => {
    // Fields that do not exist in PodSecurityContext are ignored at pod level (the API server would refuse them).
    const pod = podWith({privileged: true, readOnlyRootFilesystem: true, capabilities: {add: ['NET_ADMIN']}, allowPrivilegeEscalation: false}, undefined);
    expect(effectiveSecurityContext(pod, 'c')).toEqual({privileged: false, readOnlyRootFilesystem: false, capabilities: {add: [], drop: []}});
    const own = podWith(undefined, {privileged: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}});
    expect(effectiveSecurityContext(own, 'c')).toEqual({
      privileged: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: {add: [], drop: ['ALL']},
    });
  });

  it('seLinuxOptions: the container replaces the pod value as a whole; seccompProfile: container, then pod', () => {
    const pod = podWith({seLinuxOptions: {level: 's0:c1', user: 'system_u'}, seccompProfile: {type: 'RuntimeDefault'}}, {seLinuxOptions: {level: 's0:c2'}});
    const r = resolveSecurityContext(pod, 'c');
    expect(r.effective.seLinuxOptions).toEqual({level: 's0:c2'});
    expect(r.effective.seccompProfile).toEqual({type: 'RuntimeDefault'});
    expect(r.sources).toMatchObject({seLinuxOptions: 'container', seccompProfile: 'pod'});
  });

  it('finds init and ephemeral containers, and pod templates of workloads', () => {
    expect(resolveSecurityContext(podWith({runAsUser: 5}, {runAsUser: 6}, 'initContainers'), 'c')).toMatchObject({
      containerKind: 'initContainers',
      effective: {runAsUser: 6},
    });
    expect(resolveSecurityContext(podWith({runAsUser: 5}, undefined, 'ephemeralContainers'), 'c')).toMatchObject({
      containerKind: 'ephemeralContainers',
      effective: {runAsUser: 5},
    });
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'd'},
      spec: {template: {spec: {securityContext: {runAsUser: 7}, containers: [{name: 'c', image: 'x'}]}}},
    };
    expect(effectiveSecurityContext(deployment, 'c').runAsUser).toBe(7);
    const cronJob = {
      kind: 'CronJob',
      spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: 'c', image: 'x', securityContext: {runAsUser: 8}}]}}}}},
    };
    expect(effectiveSecurityContext(cronJob, 'c').runAsUser).toBe(8);
  });

  it('a missing container is an error naming the containers there are', () => {
    expect(() => effectiveSecurityContext(fixture('multi-pod.yaml'), 'nginx')).toThrow(SecurityContextError);
    expect(() => effectiveSecurityContext(fixture('multi-pod.yaml'), 'nginx')).toThrow('no container named nginx (the pod has web, sidecar)');
    expect(() => effectiveSecurityContext({kind: 'ConfigMap', data: {}}, 'x')).toThrow(expect.objectContaining({code: 'NOT_A_POD'}));
  });
});
