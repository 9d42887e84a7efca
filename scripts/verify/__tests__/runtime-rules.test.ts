/**
 * The rules that keep a runtime run honest: a run that asked for the runtime tier fails when a
 * runtime step was skipped or none ran; "blocked" needs a destination known to listen.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify/__tests__/runtime-rules
 */
import {describe, expect, it} from '@jest/globals';
import {runtimeCheck} from '../main';
import {listensOn, sentinelDeny, sentinelPods} from '../policy-sentinel';
import type {ExampleResult, StepResult} from '../types';

const step = (index: number, tier: 'api' | 'runtime', status: StepResult['status'], reason?: string): StepResult => ({
  index,
  kind: 'exec',
  label: 'x',
  tier,
  status,
  reason,
  durationMs: 0,
});
const example = (id: string, steps: StepResult[]): ExampleResult => ({id, title: id, status: 'passed', durationMs: 0, exclusive: false, namespaces: [], steps});

describe('runtimeCheck', () => {
  it('passes a run whose runtime steps all ran', () => {
    const r = runtimeCheck({
      tier: 'all',
      interrupted: false,
      examples: [example('a', [step(1, 'api', 'passed'), step(2, 'runtime', 'passed'), step(3, 'runtime', 'failed')])],
    });
    expect(r).toMatchObject({status: 'passed', reason: '2 runtime step(s) ran, none skipped'});
  });

  it('fails a run with a skipped runtime step, whatever the reason, and names it', () => {
    const r = runtimeCheck({
      tier: 'all',
      interrupted: false,
      examples: [example('a', [step(1, 'runtime', 'passed')]), example('b', [step(4, 'runtime', 'skipped', 'runtime tier: the cluster has no nodes')])],
    });
    expect(r).toMatchObject({status: 'failed', suite: 'runtime'});
    expect(r!.reason).toContain('b step 4: runtime tier: the cluster has no nodes');
  });

  it('fails a run in which no runtime step ran at all', () => {
    expect(runtimeCheck({tier: 'runtime', interrupted: false, examples: [example('a', [step(1, 'api', 'passed')])]})).toMatchObject({
      status: 'failed',
      reason: 'no runtime step ran: nothing was proven on a node',
    });
  });

  it('says nothing when the api tier was asked for, or the run was interrupted', () => {
    expect(runtimeCheck({tier: 'api', interrupted: false, examples: [example('a', [step(1, 'runtime', 'skipped')])]})).toBeUndefined();
    expect(runtimeCheck({tier: 'all', interrupted: true, examples: [example('a', [step(1, 'runtime', 'skipped')])]})).toBeUndefined();
  });
});

describe('listensOn', () => {
  const pod = (probe: Record<string, unknown> | undefined, ready = true, ports?: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    spec: {containers: [{name: 'c', ...(ports ? {ports} : {}), ...(probe ? {readinessProbe: probe} : {})}]},
    status: {conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
  });

  it('is true for a Ready pod whose readiness probe connects to that port (by number or by name)', () => {
    expect(listensOn(pod({tcpSocket: {port: 8080}}), 8080)).toBe(true);
    expect(listensOn(pod({httpGet: {path: '/', port: 80}}), 80)).toBe(true);
    expect(listensOn(pod({tcpSocket: {port: 'http'}}, true, [{name: 'http', containerPort: 5000}]), 5000)).toBe(true);
  });

  it('is false without a probe on that port, or before Ready', () => {
    expect(listensOn(pod(undefined), 8080)).toBe(false);
    expect(listensOn(pod({tcpSocket: {port: 8080}}), 3306)).toBe(false);
    expect(listensOn(pod({exec: {command: ['true']}}), 8080)).toBe(false);
    expect(listensOn(pod({tcpSocket: {port: 8080}}, false), 8080)).toBe(false);
  });
});

describe('the sentinel objects', () => {
  it('a server Ready only when it listens, a client, and a deny-all that selects the server alone', () => {
    const [server, client] = sentinelPods('ns1', {l: 'v'});
    expect(server).toMatchObject({metadata: {name: 'sentinel-server', namespace: 'ns1'}, spec: {containers: [{readinessProbe: {tcpSocket: {port: 8080}}}]}});
    expect(client).toMatchObject({metadata: {name: 'sentinel-client'}});
    const deny = sentinelDeny('ns1', {l: 'v'});
    expect(deny).toMatchObject({kind: 'NetworkPolicy', spec: {podSelector: {matchLabels: {'ksn.dev/sentinel': 'sentinel-server'}}, policyTypes: ['Ingress']}});
    expect((deny.spec as Record<string, unknown>).ingress).toBeUndefined();
  });
});
