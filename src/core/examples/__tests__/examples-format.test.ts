import {describe, expect, it} from '@jest/globals';
import {ExampleFormatError, exerciseAnswers, listFences, parseExerciseFile, parseFenceRef, parseStepFile, stepCommand} from '../../index';

describe('parseFenceRef', () => {
  it('reads file and step references', () => {
    expect(parseFenceRef('example="rbac-dev-user-pods/role.yaml"')).toEqual({kind: 'file', example: 'rbac-dev-user-pods', file: 'role.yaml'});
    expect(parseFenceRef('example=\'rbac-dev#can-list\' title="x"')).toEqual({kind: 'step', example: 'rbac-dev', step: 'can-list'});
  });
  it('reads norun with its reason and refuses an empty reason', () => {
    expect(parseFenceRef('norun="a fragment of a Pod spec"')).toEqual({kind: 'norun', reason: 'a fragment of a Pod spec'});
    expect(parseFenceRef('norun=""').kind).toBe('error');
  });
  it('refuses malformed references with a message that shows the right form', () => {
    const bad = parseFenceRef('example="Role.yaml"');
    expect(bad.kind).toBe('error');
    expect(bad.kind === 'error' && bad.message).toMatch(/example="<id>\/<file>"/);
    expect(parseFenceRef('example="UPPER/role.yaml"').kind).toBe('error');
  });
  it('sees no reference in plain metadata', () => {
    expect(parseFenceRef('title="role.yaml"')).toEqual({kind: 'none'});
    expect(parseFenceRef(undefined)).toEqual({kind: 'none'});
  });
});

describe('listFences', () => {
  it('finds fences with language, meta, body and line, including indented and tilde fences', () => {
    const page = [
      '# t',
      '',
      '```yaml example="a-b/c.yaml"',
      '```',
      '',
      '1. step',
      '   ~~~bash norun="needs the lab machine"',
      '   ls /',
      '   ~~~',
      '````md',
      '```yaml',
      'inner',
      '```',
      '````',
    ].join('\n');
    const fences = listFences(page);
    expect(fences.map((f) => [f.lang, f.meta, f.body, f.line])).toEqual([
      ['yaml', 'example="a-b/c.yaml"', '', 3],
      ['bash', 'norun="needs the lab machine"', 'ls /', 7],
      ['md', '', '```yaml\ninner\n```', 10],
    ]);
  });
});

describe('parseStepFile', () => {
  it('accepts a well-formed file and keeps step order', () => {
    const file = parseStepFile('title: t\nsteps:\n  - apply: a.yaml\n  - name: can\n    canI: {user: u, verb: get, resource: pods}\n    expect: true\n');
    expect(file.tier).toBe('api');
    expect(file.steps.map((s) => Object.keys(s)[0])).toEqual(['apply', 'name']);
  });
  it.each([
    ['steps: []', /title is required/],
    ['title: t\nsteps: []', /non-empty/],
    ['title: t\nsteps:\n  - apply: a\n    kubectl: get pods', /exactly one of/],
    ['title: t\nsteps:\n  - canI: {user: u, verb: get}', /expect: true or false/],
    ['title: t\nsteps:\n  - name: Bad_Name\n    apply: a', /kebab-case/],
    ['title: t\ntier: nodes\nsteps:\n  - apply: a', /tier must be api or runtime/],
    ['title: t\nsteps:\n  - expectError: a.yaml', /contains/],
    ['title: t\nsteps:\n  - object: {kind: Role}\n    matches: {}', /object needs kind and name/],
    ['title: t\nsteps:\n  - object: {kind: Role, name: r}', /object needs matches/],
    ['title: t\nsteps:\n  - object: {kind: Role, name: r}\n    matches: {}\n    timeoutSeconds: 0', /timeoutSeconds must be a positive number/],
  ])('refuses %j', (text, message) => {
    expect(() => parseStepFile(text)).toThrow(ExampleFormatError);
    expect(() => parseStepFile(text)).toThrow(message);
  });
});

describe('parseStepFile: one assertion language with exercise.yaml', () => {
  it('reads object + matches and reach steps, the words exercise.yaml uses', () => {
    const file = parseStepFile(
      'title: t\nsteps:\n  - object: {kind: Role, name: developer, namespace: blue}\n    matches: {rules: [{resources: [pods]}]}\n    timeoutSeconds: 5\n' +
        '  - reach: {from: default/a, to: default/b, port: 80}\n    expect: false\n',
    );
    expect(file.steps).toEqual([
      {object: {kind: 'Role', name: 'developer', namespace: 'blue'}, matches: {rules: [{resources: ['pods']}]}, timeoutSeconds: 5},
      {reach: {from: 'default/a', to: 'default/b', port: 80}, expect: false},
    ]);
  });
  it.each([
    ['traffic', 'title: t\nsteps:\n  - traffic: {from: default/a, to: default/b, port: 80}\n    expect: true', /step 1: "traffic:" is now "reach:"/],
    [
      'assert',
      'title: t\nsteps:\n  - apply: a.yaml\n  - assert: {apiVersion: v1, kind: Pod, metadata: {name: p}}',
      /step 2: "assert:" is now "object:" with "matches:"/,
    ],
  ])('refuses the retired word %s and names the word to use', (_word, text, message) => {
    expect(() => parseStepFile(text, 'examples/x/steps.yaml')).toThrow(ExampleFormatError);
    expect(() => parseStepFile(text, 'examples/x/steps.yaml')).toThrow(message);
  });
});

describe('parseExerciseFile', () => {
  const ok = 'solution: s.yaml\nwrong: w.yaml\nassertions:\n  - id: a\n    describe: {ko: 가, en: a}\n    valid: true\n';
  it('accepts a well-formed exercise', () => {
    expect(parseExerciseFile(ok).assertions).toHaveLength(1);
  });
  it('requires a wrong answer, localized descriptions and unique ids', () => {
    expect(() => parseExerciseFile(ok.replace('wrong: w.yaml\n', ''))).toThrow(/wrong is required/);
    expect(() => parseExerciseFile(ok.replace('{ko: 가, en: a}', '{en: a}'))).toThrow(/ko and en/);
    expect(() => parseExerciseFile(ok + '  - id: a\n    describe: {ko: 가, en: a}\n    valid: true\n')).toThrow(/used twice/);
  });
  it('takes more right and wrong answers as lists of files, and lists every answer', () => {
    const more = parseExerciseFile('solutions: [s2.yaml]\nwrongs: [w2.yaml, w3.yaml]\n' + ok);
    expect(exerciseAnswers(more)).toEqual([
      {file: 's.yaml', right: true},
      {file: 's2.yaml', right: true},
      {file: 'w.yaml', right: false},
      {file: 'w2.yaml', right: false},
      {file: 'w3.yaml', right: false},
    ]);
    expect(() => parseExerciseFile('solutions: s2.yaml\n' + ok)).toThrow(/solutions must be a list/);
    expect(() => parseExerciseFile('wrongs: [1]\n' + ok)).toThrow(/wrongs must be a list/);
  });
  it('takes a securityContext expectation as one mapping or a list of alternatives', () => {
    const sc = (expect: string) =>
      `solution: s.yaml\nwrong: w.yaml\nassertions:\n  - id: a\n    describe: {ko: 가, en: a}\n    securityContext: {pod: p, container: c}\n    expect: ${expect}\n`;
    expect(parseExerciseFile(sc('[{runAsUser: 0}, {runAsUser: null}]')).assertions).toHaveLength(1);
    expect(() => parseExerciseFile(sc('[]'))).toThrow(/alternatives/);
    expect(() => parseExerciseFile(sc('[1]'))).toThrow(/alternatives/);
  });
});

describe('stepCommand', () => {
  it('renders can-i questions the way kubectl spells them', () => {
    expect(stepCommand({canI: {user: 'dev-user', verb: 'list', resource: 'pods', namespace: 'blue'}, expect: false})).toBe(
      'kubectl auth can-i list pods -n blue --as dev-user',
    );
    expect(stepCommand({canI: {user: 'u', verb: 'create', resource: 'deployments', apiGroup: 'apps'}, expect: true})).toBe(
      'kubectl auth can-i create deployments.apps --as u',
    );
    expect(stepCommand({canI: {user: 'u', verb: 'get', nonResourceURL: '/healthz', groups: ['g']}, expect: true})).toBe(
      'kubectl auth can-i get /healthz --as u --as-group g',
    );
  });
  it('renders kubectl, token and exec steps', () => {
    expect(stepCommand({kubectl: 'get roles'})).toBe('kubectl get roles');
    expect(stepCommand({token: 'dashboard-sa'})).toBe('kubectl create token dashboard-sa');
    expect(stepCommand({exec: {pod: 'p', command: ['whoami']}, expectOutput: 'root'})).toBe('kubectl exec p -- whoami');
  });
  it('renders a reach question as the agnhost connect a reader runs in the source pod', () => {
    expect(stepCommand({reach: {from: 'default/internal', to: 'default/payroll', port: 8080}, expect: true})).toBe(
      "kubectl exec internal -- /agnhost connect $(kubectl get pod payroll -o jsonpath='{.status.podIP}'):8080 --timeout=3s --protocol=tcp",
    );
    expect(stepCommand({reach: {from: 'prod/web', to: {ip: '10.0.0.9'}, port: 53, protocol: 'UDP'}, expect: false})).toBe(
      'kubectl exec web -n prod -- /agnhost connect 10.0.0.9:53 --timeout=3s --protocol=udp',
    );
    expect(stepCommand({reach: {from: {ip: '192.168.5.10'}, to: 'default/db', port: 3306}, expect: true})).toBeUndefined();
  });
});
