/**
 * The lab's commands, each with its success output and its errors, compared with what kubectl
 * 1.36 prints against a fresh control plane (the same texts the cluster-tier differential test
 * test/cluster/kubectl-lab-differential.test.ts checks on a real server).
 */
import {describe, expect, it} from '@jest/globals';
import {createLab, LAB_COMMANDS} from '../../index';

const fixed = () => new Date('2026-01-01T00:00:00Z');
const lab = () => createLab([], {now: fixed});

describe('createLab', () => {
  it('creates and reads a Role, and refuses a second one', () => {
    const l = lab();
    expect(l.run('kubectl create role r --verb=get --resource=pods')).toEqual({stdout: 'role.rbac.authorization.k8s.io/r created\n', stderr: '', exitCode: 0});
    expect(l.run('kubectl create role r --verb=get --resource=pods')).toEqual({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): roles.rbac.authorization.k8s.io "r" already exists\n',
      exitCode: 1,
    });
    expect(l.run('kubectl get role r').stdout).toBe('NAME   CREATED AT\nr      2026-01-01T00:00:00Z\n');
  });

  it('answers forbidden like the server for an impersonated user', () => {
    const l = lab();
    expect(l.run('kubectl get pods --as bob').stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    expect(l.run('kubectl get nodes --as bob').stderr).toBe(
      'Error from server (Forbidden): nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope\n',
    );
  });

  it('reports unknown commands and flags as cobra does', () => {
    const l = lab();
    expect(l.run('kubectl gett pods')).toEqual({
      stdout: '',
      stderr: 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n',
      exitCode: 1,
    });
    expect(l.run('kubectl get pods --foo').stderr).toBe("error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
    expect(l.run('kubectl get pods -n').stderr).toBe("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n");
  });

  it('gives each new namespace its default ServiceAccount, and reset() forgets everything', () => {
    const l = lab();
    l.run('kubectl create ns team');
    expect(l.run('kubectl get sa -n team -o name').stdout).toBe('serviceaccount/default\n');
    l.reset();
    expect(l.run('kubectl get ns team').stderr).toBe('Error from server (NotFound): namespaces "team" not found\n');
  });

  it('completes commands, kinds and names', () => {
    const l = lab();
    expect(l.completions('kubectl ge').items).toEqual(['get']);
    expect(l.completions('kubectl get clusterrole cluster-ad').items).toEqual(['cluster-admin']);
    expect(LAB_COMMANDS.some((c) => c.path === 'auth can-i')).toBe(true);
  });
});
