/**
 * The kind backend's commands, with an injected runner (no Docker on these machines), and its
 * cluster config.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {load} from 'js-yaml';
import {contextOf, createArgs, createKindCluster, deleteArgs, KIND_CONFIG, KindError, kindPlan, parseKindVersion, type CommandResult, type CommandRunner} from '../index';

function fakeRunner(answers: Record<string, Partial<CommandResult> | Error>) {
  const calls: string[][] = [];
  const run: CommandRunner = async (command, args) => {
    calls.push([command, ...args]);
    const key = `${command} ${args.slice(0, 2).join(' ')}`.trim();
    const answer = answers[key] ?? answers[`${command} ${args[0]}`];
    if (answer instanceof Error) throw answer;
    return {code: 0, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: 1, ...answer};
  };
  return {calls, run};
}

const plan = kindPlan('ab12c', '/tmp/run');

describe('kind commands', () => {
  it('creates a uniquely named cluster from the repo config, with its own kubeconfig, and waits for it', () => {
    expect(plan).toEqual({name: 'ksn-verify-ab12c', config: KIND_CONFIG, kubeconfig: '/tmp/run/kind-kubeconfig', waitSeconds: 180});
    expect(createArgs(plan)).toEqual(['create', 'cluster', '--name', 'ksn-verify-ab12c', '--config', KIND_CONFIG, '--kubeconfig', '/tmp/run/kind-kubeconfig', '--wait', '180s']);
    expect(deleteArgs(plan)).toEqual(['delete', 'cluster', '--name', 'ksn-verify-ab12c', '--kubeconfig', '/tmp/run/kind-kubeconfig']);
    expect(contextOf(plan)).toBe('kind-ksn-verify-ab12c');
  });

  it('reads kind versions', () => {
    expect(parseKindVersion('kind v0.32.0 go1.24.6 linux/amd64')).toEqual([0, 32, 0]);
    expect(parseKindVersion('kind version 0.24.0')).toEqual([0, 24, 0]);
    expect(parseKindVersion('nothing')).toBeUndefined();
  });

  it('runs kind version, then kind create; delete() runs kind delete once', async () => {
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.32.0 go1.24.6 linux/amd64'}});
    const cluster = await createKindCluster(run, plan);
    expect(calls).toEqual([['kind', 'version'], ['kind', ...createArgs(plan)]]);
    expect(cluster.context).toBe('kind-ksn-verify-ab12c');
    await cluster.delete();
    await cluster.delete();
    expect(calls.slice(2)).toEqual([['kind', ...deleteArgs(plan)]]);
  });

  it('refuses a kind older than 0.24 (no NetworkPolicy enforcement) before creating anything', async () => {
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.23.0 go1.22 linux/amd64'}});
    await expect(createKindCluster(run, plan)).rejects.toThrow(/kind 0.23.0 is too old: NetworkPolicy is enforced .* from 0.24.0/);
    expect(calls).toEqual([['kind', 'version']]);
  });

  it('says how to install kind when it is missing', async () => {
    const {run} = fakeRunner({'kind version': new Error('kind is not installed or not on PATH')});
    await expect(createKindCluster(run, plan)).rejects.toThrow(KindError);
    await expect(createKindCluster(run, plan)).rejects.toThrow(/install kind >= 0.24.0/);
  });

  it('deletes a half-made cluster when create fails, and reports kind\'s message', async () => {
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.32.0'}, 'kind create cluster': {code: 1, stderr: 'ERROR: failed to create cluster: could not find a log line that matches "Reached target .*Multi-User System.*"'}});
    await expect(createKindCluster(run, plan)).rejects.toThrow(/kind create cluster failed \(exit 1\):\nERROR: failed to create cluster/);
    expect(calls.map((c) => c.slice(0, 3).join(' '))).toEqual(['kind version', 'kind create cluster', 'kind delete cluster']);
  });

  it('deletes a half-made cluster when create is interrupted', async () => {
    const interrupted = Object.assign(new Error('interrupted'), {name: 'AbortError'});
    const {calls, run} = fakeRunner({'kind version': {stdout: 'kind v0.32.0'}, 'kind create cluster': interrupted});
    await expect(createKindCluster(run, plan)).rejects.toThrow('interrupted');
    expect(calls.at(-1)).toEqual(['kind', ...deleteArgs(plan)]);
  });
});

describe('kind-config.yaml', () => {
  const config = load(readFileSync(KIND_CONFIG, 'utf8')) as {kind: string; apiVersion: string; nodes: {role: string; image: string}[]; networking?: {disableDefaultCNI?: boolean}};

  it('is a kind Cluster config with the default CNI (kindnet enforces NetworkPolicy)', () => {
    expect(config.kind).toBe('Cluster');
    expect(config.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
    expect(config.networking?.disableDefaultCNI ?? false).toBe(false);
  });

  it('pins every node to a kindest/node image of the same minor as the local control plane (v1.36)', () => {
    expect(config.nodes.length).toBeGreaterThan(0);
    for (const node of config.nodes) expect(node.image).toMatch(/^kindest\/node:v1\.36\.\d+(@sha256:[0-9a-f]{64})?$/);
    const goMod = readFileSync('scripts/control-plane/go.mod', 'utf8');
    expect(goMod).toMatch(/k8s\.io\/kubernetes v1\.36\./);
  });
});
