/**
 * The split of the code translations (src/plugins/lazy-strings-loader.cjs): strings that only the
 * lazily loaded parts of the checkers use leave the `main` chunk; every string an eagerly rendered
 * file uses stays there (else the English site would hydrate with Korean defaults), and so do the
 * theme's strings.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns lazy-strings
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';

const require = createRequire(import.meta.url);
const loader = require('../lazy-strings-loader.cjs') as {
  splitCodeTranslations(all: Record<string, string>, eager: Set<string>): {main: Record<string, string>; lazy: Record<string, string>};
  eagerIds(root: string): Set<string>;
};

const ROOT = process.cwd();
const english = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(ROOT, 'i18n/en/code.json'), 'utf8')) as Record<string, {message: string}>).map(([id, v]) => [id, v.message]),
);
const eager = loader.eagerIds(ROOT);
const {main, lazy} = loader.splitCodeTranslations(english, eager);

/** Ids that a file passes to Translate or translate() as literals. */
const idsIn = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\bid\s*[:=]\s*\{?\s*["'`]([\w.-]+)["'`]/g)].map((m) => m[1]);

describe('the lazy-only strings', () => {
  it('move most of the checkers strings out of main', () => {
    expect(Object.keys(lazy).length).toBeGreaterThan(150);
    expect(Object.keys(lazy)).toContain('checker.verdict.pass');
    expect(Object.keys(main).length + Object.keys(lazy).length).toBe(Object.keys(english).length);
  });

  it.each([
    'src/components/ManifestChecker/index.tsx',
    'src/components/RbacPlayground/index.tsx',
    'src/components/NetworkPolicyPlayground/index.tsx',
    'src/components/SecurityContextExplorer/index.tsx',
  ])('keep in main every string that %s (rendered on the server and at hydration) uses', (file) => {
    const ids = idsIn(file).filter((id) => id in english);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !(id in main))).toEqual([]);
  });

  it("keep the theme's strings in main", () => {
    expect(Object.keys(lazy).filter((id) => id.startsWith('theme.'))).toEqual([]);
  });
});
