/**
 * Command-line options (the guard of --cluster current is in safety.test.ts).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/verify
 */
import {describe, expect, it} from '@jest/globals';
import {DEFAULT_PARALLEL, parseOptions, selectExamples, UsageError} from '../index';

describe('parseOptions', () => {
  it('defaults: local, every tier unless the local node cannot run (decided at start), parallel 4, nothing kept', () => {
    expect(parseOptions([])).toEqual({
      cluster: 'local',
      tier: 'all',
      filter: [],
      parallel: DEFAULT_PARALLEL,
      keep: false,
      keepOnFailure: false,
      help: false,
      tierGiven: false,
    });
    expect(DEFAULT_PARALLEL).toBe(4);
  });

  it('the tier defaults to all on kind and current, and an explicit tier wins', () => {
    expect(parseOptions(['--cluster', 'kind']).tier).toBe('all');
    expect(parseOptions(['--cluster=current']).tier).toBe('all');
    expect(parseOptions(['--tier', 'api', '--cluster', 'kind']).tier).toBe('api');
    expect(parseOptions(['--cluster', 'local', '--tier', 'all']).tier).toBe('all');
  });

  it('reads every option, in both spellings', () => {
    expect(
      parseOptions([
        '--cluster',
        'current',
        '--tier=runtime',
        '--filter',
        'rbac,netpol',
        '--filter=secctx',
        '--parallel',
        '2',
        '--report',
        'r.xml',
        '--json=o.json',
        '--keep',
        '--allow-context',
        'lab',
      ]),
    ).toEqual({
      cluster: 'current',
      tier: 'runtime',
      filter: ['rbac', 'netpol', 'secctx'],
      parallel: 2,
      report: 'r.xml',
      json: 'o.json',
      keep: true,
      keepOnFailure: false,
      allowContext: 'lab',
      help: false,
      tierGiven: true,
    });
    expect(parseOptions(['-h']).help).toBe(true);
    expect(parseOptions(['--cluster', 'kind', '--keep-on-failure']).keepOnFailure).toBe(true);
  });

  it.each([
    [['--cluster', 'prod'], /--cluster must be local, kind or current/],
    [['--tier', 'nodes'], /--tier must be api, runtime or all/],
    [['--parallel', '0'], /--parallel must be a whole number from 1 to 64/],
    [['--parallel', 'many'], /--parallel/],
    [['--report'], /--report needs a value/],
    [['--filter', '--keep'], /--filter needs a value/],
    [['--keep=yes'], /--keep takes no value/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--allow-context', 'x'], /only applies to --cluster current/],
    [['--keep-on-failure'], /--keep-on-failure only applies to --cluster kind/],
    [['--cluster', 'kind', '--keep-on-failure=1'], /--keep-on-failure takes no value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});

describe('selectExamples', () => {
  const all = [{id: 'rbac-dev-user-pods'}, {id: 'rbac-blue-deployments'}, {id: 'netpol-db-policy'}];
  it('keeps all without a filter, else ids equal to or containing a filter', () => {
    expect(selectExamples(all, []).selected).toHaveLength(3);
    expect(selectExamples(all, ['rbac']).selected.map((e) => e.id)).toEqual(['rbac-dev-user-pods', 'rbac-blue-deployments']);
    expect(selectExamples(all, ['netpol-db-policy', 'blue']).selected.map((e) => e.id)).toEqual(['rbac-blue-deployments', 'netpol-db-policy']);
  });
  it('reports filters that match nothing', () => {
    expect(selectExamples(all, ['rbac', 'typo']).unmatched).toEqual(['typo']);
  });
});
