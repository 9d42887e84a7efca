/**
 * The split of the code translations (src/plugins/lazy-strings-loader.cjs): strings that only the
 * lazily loaded parts of the checkers use leave the `main` chunk; every string an eagerly rendered
 * file uses stays there (else the English site would hydrate with Korean defaults), and so do the
 * theme's strings.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns lazy-strings
 */
import {describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';

const require = createRequire(import.meta.url);
const loader = require('../lazy-strings-loader.cjs') as {
  splitCodeTranslations(
    all: Record<string, string>,
    eager: Set<string>,
    defaults?: Map<string, string>,
  ): {main: Record<string, string>; lazy: Record<string, string>};
  eagerIds(root: string): Set<string>;
  stringsOfPart(lazy: Record<string, string>, part: string): Record<string, string>;
  defaultMessages(root: string): Map<string, string>;
};

const ROOT = process.cwd();
const codeJson = (locale: string) =>
  Object.fromEntries(
    Object.entries(JSON.parse(readFileSync(join(ROOT, `i18n/${locale}/code.json`), 'utf8')) as Record<string, {message: string}>).map(([id, v]) => [
      id,
      v.message,
    ]),
  );
const english = codeJson('en');
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
    'src/components/KubectlLab/index.tsx',
  ])('keep in main every string that %s (rendered on the server and at hydration) uses', (file) => {
    const ids = idsIn(file).filter((id) => id in english);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !(id in main))).toEqual([]);
  });

  it.each([
    ['manifest', 'src/components/ManifestChecker/ManifestCheckerEditor.tsx'],
    ['rbac', 'src/components/RbacPlayground/RbacPlaygroundEditor.tsx'],
    ['netpol', 'src/components/NetworkPolicyPlayground/NetworkPolicyPlaygroundEditor.tsx'],
    ['secctx', 'src/components/SecurityContextExplorer/SecurityContextExplorerEditor.tsx'],
    ['lab', 'src/components/KubectlLab/KubectlLabTerminal.tsx'],
  ])("go to the %s part without the other parts' own strings, with the ones its file uses", (part, file) => {
    const strings = loader.stringsOfPart(lazy, part);
    expect(readFileSync(join(ROOT, file), 'utf8')).toContain(`?lazy-strings=${part}'`);
    expect(idsIn(file).filter((id) => id in lazy && !(id in strings))).toEqual([]);
    expect(Object.keys(strings).length).toBeLessThan(Object.keys(lazy).length);
    expect(Object.keys(strings)).toContain('checker.editor.edit');
  });

  it('leave out translations equal to the default text in the component (most of Korean), and only those', () => {
    const korean = codeJson('ko');
    const defaults = loader.defaultMessages(ROOT);
    const split = loader.splitCodeTranslations(korean, eager, defaults);
    const dropped = Object.keys(korean).filter((id) => !(id in split.main) && !(id in split.lazy));
    expect(dropped.length).toBeGreaterThan(200);
    // Each left-out id's Korean text is written in the same component file as the id.
    const sources = [
      ...['ManifestChecker', 'RbacPlayground', 'NetworkPolicyPlayground', 'SecurityContextExplorer', 'KubectlLab', 'shared'].flatMap((d) =>
        readdirSync(join(ROOT, 'src/components', d))
          .filter((f) => /\.tsx?$/.test(f))
          .map((f) => readFileSync(join(ROOT, 'src/components', d, f), 'utf8')),
      ),
    ];
    expect(dropped.filter((id) => !sources.some((text) => text.includes(id) && text.includes(korean[id])))).toEqual([]);
    // English texts differ from the Korean defaults: nothing of the checkers is left out.
    const en = loader.splitCodeTranslations(english, eager, defaults);
    expect(Object.keys(english).filter((id) => !id.startsWith('theme.') && !(id in en.main) && !(id in en.lazy))).toEqual([]);
  });

  it("keep the theme's strings in main", () => {
    expect(Object.keys(lazy).filter((id) => id.startsWith('theme.'))).toEqual([]);
  });
});
