import {describe, expect, it} from '@jest/globals';
import {base64} from '../store';

// Expected values from RFC 4648 section 10 and Node's Buffer (base64 / base64url).
describe('base64 of a text (Secret data, token parts)', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foobar', 'Zm9vYmFy'],
    ['~~~', 'fn5+'],
    ['??>', 'Pz8+'],
    ['쿠버', '7L+g67KE'],
  ])('%j is %j in the standard alphabet, with padding', (text, encoded) => {
    expect(base64(text)).toBe(encoded);
    expect(base64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
  });

  it.each([['f'], ['fo'], ['~~~'], ['??>'], ['???'], ['쿠버네티스']])('%j in the URL alphabet has no padding, as a JWT part', (text) => {
    expect(base64(text, true)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
  });
});
