/**
 * parseManifests: documents, YAML 1.1 scalars as kubectl reads them, positions, and hostile input.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit src/core/parse
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PARSE_LIMITS, parseManifests, parseManifestsDetailed, validateManifests} from '../../index';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split(/\r\n|\r|\n/);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(needle) && ++seen === nth) return i + 1;
  throw new Error(`"${needle}" is not in the text`);
}

const codes = (text: string) => parseManifests(text).diagnostics.map((d) => d.code);

describe('documents', () => {
  const text = fixture('multi-document.yaml');
  const {objects, diagnostics} = parseManifests(text);

  it('returns every object with the line it starts on, skipping empty and comment-only documents', () => {
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => (o.object.metadata as {name: string}).name)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(objects.map((o) => o.line)).toEqual([
      lineOf(text, 'apiVersion: v1', 1),
      lineOf(text, 'apiVersion: v1', 2),
      lineOf(text, '- apiVersion: v1', 1),
      lineOf(text, '- apiVersion: v1', 2),
    ]);
  });

  it('flattens a kind: List into its items, as kubectl does', () => {
    expect(objects[2].object.kind).toBe('ServiceAccount');
  });

  it('gives items of a typed list (PodList) their kind from the list', () => {
    const r = parseManifests('apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n');
    expect(r.objects[0].object).toMatchObject({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a'}});
  });

  it('accepts a leading ---, a trailing ---, comments after ---, CRLF line endings and a BOM', () => {
    const crlf =
      '\ufeff--- # start\r\napiVersion: v1\r\nkind: ServiceAccount\r\nmetadata:\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: ServiceAccount\r\nmetadata: {name: b}\r\n---\r\n';
    const r = parseManifests(crlf);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.line)).toEqual([2, 7]);
  });

  it('ignores documents that are null', () => {
    expect(parseManifests('~\n---\nnull\n---\n').objects).toEqual([]);
    expect(parseManifests('').objects).toEqual([]);
  });

  it('reports a document that is not an object, on its line', () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\n- just\n- a list\n---\nplain scalar\n';
    const r = parseManifests(text);
    expect(r.objects).toHaveLength(1);
    expect(r.diagnostics).toEqual([
      {code: 'NOT_AN_OBJECT', severity: 'error', line: 5, column: 1, params: {type: 'array'}},
      {code: 'NOT_AN_OBJECT', severity: 'error', line: 8, column: 1, params: {type: 'string'}},
    ]);
  });

  it('keeps parsing the other documents after a broken one', () => {
    const text =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\nkey: [unclosed\nmore: x\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b}\n';
    const r = parseManifests(text);
    expect(r.objects.map((o) => (o.object.metadata as {name: string}).name)).toEqual(['a', 'b']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
  });

  it('refuses a --- line followed by content, as kubectl does', () => {
    const r = parseManifests('a: 1\n--- !tag\nb: 2\n');
    expect(r.diagnostics[0]).toMatchObject({code: 'YAML_SYNTAX', line: 2, severity: 'error'});
  });

  it('warns about content after `...` that kubectl ignores', () => {
    expect(codes('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n...\nsecond: doc\n')).toEqual(['EXTRA_DOCUMENT_IGNORED']);
  });
});

describe('YAML syntax errors', () => {
  it.each([
    ['bad indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   labels: {}\n', 5],
    ['a tab in the indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n', 4],
    ['an unclosed quote', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "a\n', 5],
    ['an undefined alias', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: *nothing\n', 4],
    ['a missing colon', 'apiVersion: v1\nkind Pod\nmetadata: {}\n', 3],
  ])('%s points at its line', (_what, text, line) => {
    const [d] = parseManifests(text).diagnostics;
    expect(d).toMatchObject({code: 'YAML_SYNTAX', severity: 'error', line});
    expect(typeof d.params?.reason).toBe('string');
    expect(d.column).toBeGreaterThanOrEqual(1);
  });

  it('counts lines across documents', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: [1,\n';
    expect(parseManifests(text).diagnostics[0].line).toBeGreaterThanOrEqual(5);
  });
});

describe('scalars as kubectl reads them (YAML 1.1, go.yaml.in/yaml/v2)', () => {
  const value = (scalar: string) => (parseManifests(`apiVersion: v1\nkind: X\nv: ${scalar}\n`).objects[0].object as {v: unknown}).v;

  it.each([
    ['yes', true],
    ['Yes', true],
    ['on', true],
    ['y', true],
    ['no', false],
    ['off', false],
    ['N', false],
    ['true', true],
    ['"yes"', 'yes'],
    ["'on'", 'on'],
    ['0644', 420],
    ['0o644', 420],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['+80', 80],
    ['08', 8],
    ['1e3', 1000],
    ['80.0', 80],
    ['.5', 0.5],
    ['~', null],
    ['null', null],
    ['', null],
    ['2024-01-01', '2024-01-01'],
    ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z'],
    ['1.2.3', '1.2.3'],
    ['0x', '0x'],
    ['1e400', '1e400'],
    ['.inf', Infinity],
    ['-.inf', -Infinity],
    ['nginx:1.27', 'nginx:1.27'],
  ])('%s reads as %p', (scalar, expected) => {
    expect(value(scalar)).toEqual(expected);
  });

  it('turns keys into strings the way kubectl does (on: becomes "true")', () => {
    const o = parseManifests('apiVersion: v1\nkind: X\nlabels:\n  on: a\n  0x10: b\n').objects[0].object as {labels: object};
    expect(o.labels).toEqual({true: 'a', 16: 'b'});
  });

  it('resolves merge keys', () => {
    const o = parseManifests('apiVersion: v1\nkind: X\nbase: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\n').objects[0].object as {derived: object};
    expect(o.derived).toEqual({a: 1, b: 3});
  });

  it('keeps local tags as plain values (go-yaml v2 does not resolve them)', () => {
    const o = parseManifests('apiVersion: v1\nkind: X\nv: !custom text\n').objects[0].object as {v: unknown};
    expect(o.v).toBe('text');
  });
});

describe('duplicate keys', () => {
  it('keeps the later value, as kubectl does, and warns on the line of the repeat', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n';
    const r = parseManifests(text);
    expect((r.objects[0].object.metadata as {name: string}).name).toBe('b');
    expect(r.diagnostics).toEqual([
      {code: 'DUPLICATE_KEY', severity: 'warning', path: 'metadata.name', line: 5, column: 3, params: {key: 'name', firstLine: 4}},
    ]);
  });
});

describe('positions', () => {
  it('knows the line and column of nested fields, through flow collections and aliases', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, labels: &l {app: web}}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: nginx:1.27',
      '    imagePullsecrets: []',
      '  - {name: b, image: nginx:1.27, bogus: 1}',
      '',
    ].join('\n');
    const diags = validateManifests(text).filter((d) => d.code === 'UNKNOWN_FIELD');
    expect(diags.map((d) => [d.path, d.line, d.column])).toEqual([
      ['spec.containers[0].imagePullsecrets', 8, 5],
      ['spec.containers[1].bogus', 9, 34],
    ]);
  });

  it('reports object lines relative to the whole text', () => {
    const detailed = parseManifestsDetailed('a: 1\n---\n\n\napiVersion: v1\nkind: X\n');
    expect(detailed.objects[1]).toMatchObject({line: 5, column: 1, document: 1});
  });
});

describe('hostile input is refused with a diagnostic, quickly', () => {
  it('refuses an alias bomb (billion laughs) without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const text = 'apiVersion: v1\nkind: ConfigMap\n' + levels.join('\n') + '\n';
    const started = Date.now();
    const r = parseManifests(text);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['YAML_ALIAS_EXPANSION_TOO_LARGE']);
    // 9^10 nodes if expanded; the check is linear in the text. Generous bound, not a benchmark.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(validateManifests(text).map((d) => d.code)).toEqual(['YAML_ALIAS_EXPANSION_TOO_LARGE']);
  });

  it('refuses an anchor used inside itself', () => {
    expect(codes('apiVersion: v1\nkind: X\na: &x\n  b: *x\n')).toEqual(['YAML_ALIAS_CYCLE']);
  });

  it('refuses deep nesting, in flow and in block style', () => {
    expect(codes('a: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n')).toEqual(['NESTING_TOO_DEEP']);
    let block = 'apiVersion: v1\nkind: X\n';
    for (let i = 0; i < 150; i++) block += ' '.repeat(i) + `k${i}:\n`;
    expect(codes(block + ' '.repeat(150) + 'end: 1\n')).toEqual(['NESTING_TOO_DEEP']);
  });

  it('refuses deep nesting built from aliases', () => {
    const lines = ['apiVersion: v1', 'kind: X', 'l0: &l0 [1]'];
    for (let i = 1; i <= 120; i++) lines.push(`l${i}: &l${i} [*l${i - 1}]`);
    expect(codes(lines.join('\n') + '\n')).toEqual(['NESTING_TOO_DEEP']);
  });

  it('refuses a document over the size limit and still reads the others', () => {
    const big = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: "' + 'x'.repeat(PARSE_LIMITS.maxDocumentLength) + '"\n';
    const r = parseManifests(big + '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: small}\n');
    expect(r.diagnostics).toEqual([
      {code: 'DOCUMENT_TOO_LARGE', severity: 'error', line: 1, column: 1, params: {length: big.length, limit: PARSE_LIMITS.maxDocumentLength}},
    ]);
    expect(r.objects).toHaveLength(1);
  });

  it('refuses a text over the input limit without reading it', () => {
    const r = parseManifests('#'.repeat(PARSE_LIMITS.maxInputLength + 1));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['INPUT_TOO_LARGE']);
  });

  it('refuses more documents than the limit', () => {
    const r = parseManifests('a: 1\n---\n'.repeat(PARSE_LIMITS.maxDocuments + 5));
    expect(r.diagnostics.map((d) => d.code)).toContain('TOO_MANY_DOCUMENTS');
  });

  it('reports binary garbage as a syntax error', () => {
    const bytes = Array.from({length: 2000}, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const r = parseManifests(bytes);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(codes('apiVersion: v1\u0000\nkind: X\n')).toEqual(['YAML_SYNTAX']);
  });

  it('reports input that is not a string instead of throwing', () => {
    expect(parseManifests(42 as unknown as string).diagnostics.map((d) => d.code)).toEqual(['INPUT_NOT_TEXT']);
    expect(validateManifests(undefined as unknown as string).map((d) => d.code)).toEqual(['INPUT_NOT_TEXT']);
  });
});
