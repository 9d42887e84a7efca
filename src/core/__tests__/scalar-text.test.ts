/**
 * One helper turns values into text (src/core/scalar-text.ts): only primitives, never an object's
 * own toString/valueOf. This suite checks the helper, and that no other file of the core calls
 * String(...) on a value (the call that throws "Cannot convert object to primitive value" on a
 * mapping such as `{toString: 1}`): use scalarText, scalarTexts or displayText instead.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- src/core/__tests__/scalar-text.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {displayText, scalarText, scalarTexts} from '../scalar-text';

const CORE = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' || name === '__fixtures__' || name === 'generated' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('scalarText', () => {
  const hostile = {toString: 1, valueOf: {}};
  it.each([
    ['a string', 'x', 'x'],
    ['a number', 8080, '8080'],
    ['a boolean', true, 'true'],
    ['a bigint', 10n, '10'],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
    ['an object with a toString key', hostile, undefined],
    ['a list', [hostile], undefined],
  ])('%s', (_name, value, expected) => {
    expect(scalarText(value)).toBe(expected);
  });

  it('displayText names what is not a primitive, without calling it', () => {
    expect(() => String(hostile)).toThrow(TypeError); // what the core used to do
    expect(displayText(hostile)).toBe('<object>');
    expect(displayText([hostile])).toBe('<array>');
    expect(displayText(null)).toBe('null');
    expect(displayText(7)).toBe('7');
  });

  it('scalarTexts keeps the primitive items of a list', () => {
    expect(scalarTexts(['a', hostile, 2, null, [1]])).toEqual(['a', '2']);
    expect(scalarTexts(hostile)).toEqual([]);
  });
});

describe('the core turns values into text only through the helper', () => {
  const files = sources(CORE).filter((f) => !f.endsWith('scalar-text.ts'));

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(CORE, f)]))('%s has no String(...) call', (file) => {
    const offending = readFileSync(join(CORE, file), 'utf8')
      .split('\n')
      .map((line, i) => ({line: i + 1, text: line}))
      .filter(({text}) => /(?<![\w.])String\(/.test(text.replace(/\/\/.*$/, '')));
    expect(offending.map(({line, text}) => `${file}:${line}: ${text.trim()} (use scalarText/displayText from src/core/scalar-text.ts)`)).toEqual([]);
  });
});
