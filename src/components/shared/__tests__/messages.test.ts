/**
 * Every code the core can return has words in Korean and in English: each diagnostic code of the
 * validator (with and without its optional params), each reason code, each assertion failure,
 * access and traffic code. Also: every UI string of src/components (read with Docusaurus's own
 * extractor, as `docusaurus write-translations` reads them) is in i18n/ko/code.json with the same
 * Korean text and in i18n/en/code.json in English.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit src/components/shared/__tests__/messages.test.ts
 */
import {describe, expect, it, jest} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {createRequire} from 'node:module';
import {loadAll} from 'js-yaml';
import {ALL_DIAGNOSTIC_CODES, DIAGNOSTIC_CODES, FORBIDDEN_REASONS, INVALID_VALUE_REASONS, evaluateAssertions, parseExerciseFile} from '../../../core';
import type {AccessCode, FailureCode, TrafficCode} from '../../../core';

// translate() as Docusaurus does it (interpolate {name}), recording the ids it is called with.
const calls: {id: string; message: string}[] = [];
function interpolate(message: string, values: Record<string, unknown> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
jest.unstable_mockModule(
  '@docusaurus/Translate',
  () => ({
    translate: ({id, message}: {id: string; message: string}, values?: Record<string, unknown>) => {
      calls.push({id, message});
      return interpolate(message, values);
    },
    default: () => null,
  }),
  {virtual: true},
);
const {DIAGNOSTIC_MESSAGES, FORBIDDEN_REASON, INVALID_VALUE_REASON, diagnosticMessage} = await import('../diagnostic-messages');
const {ACCESS_MESSAGES, FAILURE_MESSAGES, TRAFFIC_MESSAGES, failureMessage} = await import('../messages');

const ROOT = process.cwd();
type CodeJson = Record<string, {message: string; description?: string}>;
const ko = JSON.parse(readFileSync(join(ROOT, 'i18n/ko/code.json'), 'utf8')) as CodeJson;
const en = JSON.parse(readFileSync(join(ROOT, 'i18n/en/code.json'), 'utf8')) as CodeJson;
const HANGUL = /[\u3131-\uD79D]/;
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** The ids a call made, from a fresh record. */
function idsOf(run: () => unknown): {id: string; message: string}[] {
  calls.length = 0;
  run();
  return [...calls];
}

/** What is wrong with one translated message, as text for the failure output (empty when fine). */
function problemsOf(call: {id: string; message: string}): string[] {
  const out: string[] = [];
  if (!ko[call.id]) out.push(`${call.id}: missing in i18n/ko/code.json`);
  else if (ko[call.id].message !== call.message) out.push(`${call.id}: i18n/ko/code.json says "${ko[call.id].message}", the code says "${call.message}"`);
  if (!HANGUL.test(call.message)) out.push(`${call.id}: the default (Korean) message has no Korean in it`);
  const english = en[call.id]?.message;
  if (!english) out.push(`${call.id}: missing in i18n/en/code.json`);
  else {
    if (HANGUL.test(english)) out.push(`${call.id}: the English message has Korean in it`);
    if (placeholders(english).join() !== placeholders(call.message).join()) {
      out.push(`${call.id}: placeholders differ: ko {${placeholders(call.message).join('}, {')}} vs en {${placeholders(english).join('}, {')}}`);
    }
  }
  return out;
}

describe('diagnostic codes', () => {
  it('has a code list to check', () => {
    expect(ALL_DIAGNOSTIC_CODES.length).toBeGreaterThan(40);
  });

  it.each(ALL_DIAGNOSTIC_CODES.map((c) => [c]))('%s has a message in both languages, using only its own params', (code) => {
    const info = DIAGNOSTIC_CODES[code];
    const declared = info.params.map((p) => p.replace(/\?$/, ''));
    const required = info.params.filter((p) => !p.endsWith('?'));
    const full = Object.fromEntries(declared.map((p) => [p, p === 'hint' ? 'yaml11-boolean' : `<${p}>`]));
    const minimal = Object.fromEntries(required.map((p) => [p, `<${p}>`]));
    const table = DIAGNOSTIC_MESSAGES as Record<string, (p: Record<string, string>) => string>;
    expect(typeof table[code]).toBe('function');
    const used = [...idsOf(() => table[code](full)), ...idsOf(() => table[code](minimal))];
    expect(used.length).toBeGreaterThan(0);
    const problems = used.flatMap(problemsOf);
    // The message of the code itself may use only the params the code carries.
    const own = used.filter((c) => c.id.startsWith(`checker.diagnostic.${code}`));
    for (const c of own)
      for (const p of placeholders(c.message))
        if (!declared.includes(p)) problems.push(`${c.id}: {${p}} is not a param of ${code} (${declared.join(', ') || 'none'})`);
    expect(problems).toEqual([]);
    // Every param given shows up in the sentence (nothing left as {name}).
    const text = diagnosticMessage({code, params: full});
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it.each([...FORBIDDEN_REASONS.map((r) => ['FORBIDDEN_FIELD', r]), ...INVALID_VALUE_REASONS.map((r) => ['INVALID_VALUE', r])])(
    '%s reason %s has words in both languages',
    (code, reason) => {
      const table = (code === 'FORBIDDEN_FIELD' ? FORBIDDEN_REASON : INVALID_VALUE_REASON) as Record<string, () => string>;
      expect(typeof table[reason]).toBe('function');
      expect(idsOf(() => table[reason]()).flatMap(problemsOf)).toEqual([]);
      // And it is used in its code's sentence, not the raw reason code.
      expect(diagnosticMessage({code, params: {field: 'x', value: 'x', reason}})).not.toContain(reason);
    },
  );

  it('falls back to the code for a code the table does not know', () => {
    expect(diagnosticMessage({code: 'SOMETHING_NEW'})).toBe('SOMETHING_NEW');
  });
});

// Written out so the compiler (npm run typecheck) fails here when the core adds a code.
const FAILURE_CODES = {
  VALUE_DIFFERS: 1,
  MISSING: 1,
  TYPE_DIFFERS: 1,
  ITEM_MISSING: 1,
  NAMED_ITEM_MISSING: 1,
  NOT_EMPTY: 1,
  UNEXPECTED_PRESENT: 1,
  OBJECT_NOT_FOUND: 1,
  OBJECT_PRESENT: 1,
  CAN_I_DIFFERS: 1,
  REACH_DIFFERS: 1,
  UNKNOWN_POD: 1,
  INVALID_ADDRESS: 1,
  INVALID_PORT: 1,
  CONTAINER_NOT_FOUND: 1,
  NOT_A_POD: 1,
  VALIDATION_ERROR: 1,
  NO_VALIDATOR: 1,
  UNKNOWN_ASSERTION: 1,
  EVALUATION_ERROR: 1,
} satisfies Record<FailureCode, 1>;
const ACCESS_CODES = {
  ALLOWED_BY_RULE: 1,
  ALLOWED_SUPERUSER: 1,
  ALLOWED_BY_NODE_AUTHORIZER: 1,
  DENIED_NO_BINDING: 1,
  DENIED_BOUND_ELSEWHERE: 1,
  DENIED_ROLE_NOT_FOUND: 1,
  DENIED_EMPTY_ROLE: 1,
  DENIED_VERB: 1,
  DENIED_API_GROUP: 1,
  DENIED_RESOURCE: 1,
  DENIED_RESOURCE_NAME: 1,
  DENIED_NO_NAME: 1,
  DENIED_NON_RESOURCE_URL: 1,
  DENIED_NO_MATCHING_RULE: 1,
} satisfies Record<AccessCode, 1>;
const TRAFFIC_CODES = {ALLOWED_NOT_ISOLATED: 1, ALLOWED_BY_POLICY: 1, DENIED_EGRESS: 1, DENIED_INGRESS: 1, DENIED_BOTH: 1} satisfies Record<TrafficCode, 1>;

describe('assertion failures, access and traffic reasons', () => {
  it.each(Object.keys(FAILURE_CODES).map((c) => [c]))('failure %s has words in both languages', (code) => {
    const table = FAILURE_MESSAGES as Record<string, (f: unknown) => string>;
    expect(typeof table[code]).toBe('function');
    const used = [true, false].flatMap((expected) =>
      idsOf(() =>
        table[code]({
          code,
          path: 'spec.x',
          expected,
          actual: !expected,
          params: {line: 3, pod: 'default/x', ip: 'x', port: '0', container: 'c', containers: 'a, b'},
        }),
      ),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.flatMap(problemsOf)).toEqual([]);
  });

  it.each(Object.keys(ACCESS_CODES).map((c) => [c]))('access code %s has words in both languages', (code) => {
    const table = ACCESS_MESSAGES as Record<string, (p: Record<string, string | number>, q: object) => string>;
    expect(typeof table[code]).toBe('function');
    const params = {roleKind: 'Role', bindingNamespace: 'default', ruleNonResourceURLs: '/x', subresourceHint: 1, differs: 'verb, resource'};
    // Every variant: namespaced and cluster-wide, and each way the Node authorizer decides.
    const variants = ['GRAPH', 'OWN_OBJECT', 'ADMISSION_LIMITED', 'NODE_RULES'].flatMap((via) => [
      {...params, via, through: 'PersistentVolumeClaim default/data'},
      {...params, via, roleKind: 'ClusterRole', bindingNamespace: '', ruleNonResourceURLs: '', subresourceHint: 0, through: ''},
    ]);
    const used = variants.flatMap((p, i) =>
      idsOf(() => table[code](p, i % 2 === 0 ? {user: 'u', verb: 'get', resource: 'pods', namespace: 'default'} : {user: 'u', verb: 'get', resource: 'nodes'})),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.flatMap(problemsOf)).toEqual([]);
  });

  it.each(Object.keys(TRAFFIC_CODES).map((c) => [c]))('traffic code %s has words in both languages', (code) => {
    const table = TRAFFIC_MESSAGES as Record<string, (p: Record<string, string | number>) => string>;
    const used = [
      ...idsOf(() => table[code]({egressAllowedBy: 'default/a', ingressAllowedBy: 'default/b'})),
      ...idsOf(() => table[code]({egressAllowedBy: 'default/a', ingressAllowedBy: ''})),
      ...idsOf(() => table[code]({egressAllowedBy: '', ingressAllowedBy: 'default/b'})),
    ];
    expect(used.length).toBeGreaterThan(0);
    expect(used.flatMap(problemsOf)).toEqual([]);
  });

  // Every failure the exercises' deliberately wrong answers produce reads as a sentence, not a code.
  const exerciseDirs = readdirSync(join(ROOT, 'examples'), {withFileTypes: true})
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((id) => readdirSync(join(ROOT, 'examples', id)).includes('exercise.yaml'));

  it.each(exerciseDirs.map((id) => [id]))('the wrong answers of %s fail with worded failures', (id) => {
    const dir = join(ROOT, 'examples', id);
    const exercise = parseExerciseFile(readFileSync(join(dir, 'exercise.yaml'), 'utf8'));
    const read = (name?: string) => (name ? (loadAll(readFileSync(join(dir, name), 'utf8')) as unknown[]).filter(Boolean) : []);
    // diagnostics: [] judges "valid" as passed, so a wrong answer that fails only "valid" has nothing to word here.
    const failures = [exercise.wrong, ...(exercise.wrongs ?? [])].flatMap((w) =>
      evaluateAssertions([...read(exercise.given), ...read(w)], exercise.assertions, {diagnostics: []}).flatMap((r) => r.failures),
    );
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(Object.keys(FAILURE_CODES)).toContain(f.code);
      const text = failureMessage(f);
      expect(text).not.toBe(f.code);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('UI strings of the components', () => {
  const require = createRequire(import.meta.url);
  const babel = require('@docusaurus/babel') as {
    getBabelOptions: (o: {isServer: boolean}) => unknown;
    extractAllSourceCodeFileTranslations: (
      files: string[],
      options: unknown,
    ) => Promise<{sourceCodeFilePath: string; translations: CodeJson; warnings: string[]}[]>;
  };
  const walk = (d: string): string[] =>
    readdirSync(d, {withFileTypes: true}).flatMap((e) =>
      e.isDirectory() ? (e.name === '__tests__' ? [] : walk(join(d, e.name))) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : [],
    );
  const PREFIXES = ['checker.', 'rbacPlayground.', 'netpolPlayground.', 'secctxExplorer.', 'playground.'];

  it('are literal, and all in i18n/ko/code.json (same Korean) and i18n/en/code.json (English)', async () => {
    const results = await babel.extractAllSourceCodeFileTranslations(walk(join(ROOT, 'src/components')), babel.getBabelOptions({isServer: true}));
    const warnings = results.flatMap((r) => r.warnings.map((w) => `${r.sourceCodeFilePath}: ${w.split('\n')[0]}`));
    expect(warnings).toEqual([]);
    const extracted: CodeJson = Object.assign({}, ...results.map((r) => r.translations));
    expect(Object.keys(extracted).length).toBeGreaterThan(150);
    const problems = Object.entries(extracted).flatMap(([id, {message}]) => problemsOf({id, message}));
    expect(problems).toEqual([]);
    // No leftovers: every id of these namespaces in code.json is still used.
    const unused = [...Object.keys(ko), ...Object.keys(en)].filter((id) => PREFIXES.some((p) => id.startsWith(p)) && !(id in extracted));
    expect([...new Set(unused)]).toEqual([]);
  }, 60_000);
});
