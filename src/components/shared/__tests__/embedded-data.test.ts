import {describe, expect, it} from '@jest/globals';
import {load, loadAll} from 'js-yaml';
import {joinFiles, readEmbeddedData, type EmbeddedExample} from '../embedded-data';
import {presetText} from '../use-manifest';
import {diagnosticRange} from '../../YamlEditor/lines';

const example: EmbeddedExample = {
  id: 'netpol-demo',
  files: {
    'pods.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n',
    'and.yaml': '---\nkind: NetworkPolicy\nmetadata:\n  name: and\n',
    'or.yaml': 'kind: NetworkPolicy\nmetadata:\n  name: or\n\n\n',
  },
  start: ['pods.yaml', 'and.yaml'],
  presets: ['and.yaml', 'or.yaml'],
};

const names = (text: string) => (loadAll(text) as {metadata: {name: string}}[]).filter(Boolean).map((o) => o.metadata.name);

describe('the text a playground starts with', () => {
  it('joins files into one YAML stream, each after a comment with its name', () => {
    const text = joinFiles(example, ['pods.yaml', 'and.yaml']);
    expect(names(text)).toEqual(['a', 'b', 'and']);
    expect(text.startsWith('# pods.yaml\n')).toBe(true);
    expect(text).toContain('---\n# and.yaml\nkind: NetworkPolicy');
    // A file's own leading document marker does not make an empty document.
    expect(text).not.toMatch(/---\n# and\.yaml\n---/);
  });

  it('keeps a single file as it is', () => {
    expect(joinFiles(example, ['or.yaml'])).toBe('kind: NetworkPolicy\nmetadata:\n  name: or\n');
    expect((load(joinFiles(example, ['or.yaml'])) as {metadata: {name: string}}).metadata.name).toBe('or');
  });

  it('loads a preset in place of the start file that is a preset', () => {
    expect(names(presetText(example))).toEqual(['a', 'b', 'and']);
    expect(names(presetText(example, 'or.yaml'))).toEqual(['a', 'b', 'or']);
  });

  it('reads the data attribute, and says which component lacks it', () => {
    expect(readEmbeddedData(JSON.stringify(example), 'NetworkPolicyPlayground')).toEqual(example);
    expect(() => readEmbeddedData(undefined, 'NetworkPolicyPlayground')).toThrow('<NetworkPolicyPlayground> has no data');
  });
});

describe('where a diagnostic is drawn in the editor', () => {
  // A three-line document: "ab\ncdef\ng"
  const doc = {
    lines: 3,
    line: (n: number) =>
      [
        {from: 0, to: 2},
        {from: 3, to: 7},
        {from: 8, to: 9},
      ][n - 1],
  };

  it('from its column to the end of its line', () => {
    expect(diagnosticRange(doc, {line: 2, column: 3})).toEqual({from: 5, to: 7});
    expect(diagnosticRange(doc, {line: 2})).toEqual({from: 3, to: 7});
  });

  it('clamps a line or column outside the text (the text changed since it was judged)', () => {
    expect(diagnosticRange(doc, {line: 9, column: 1})).toEqual({from: 8, to: 9});
    expect(diagnosticRange(doc, {line: 1, column: 40})).toEqual({from: 2, to: 2});
    expect(diagnosticRange(doc, {})).toEqual({from: 0, to: 2});
  });
});
