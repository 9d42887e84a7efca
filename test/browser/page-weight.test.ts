/**
 * Page weight budgets (issue 14): on every page of both locales, the gzipped JavaScript a reader
 * downloads before interacting stays under its page kind's budget (test/support/page-weight.ts:
 * landing 180 KB, page with a checker or playground 300 KB, every other page 220 KB). The bytes
 * are those of the built files, so the verdict is deterministic for a given build.
 *
 * Needs a built site with both locales and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser --runInBand test/browser/page-weight.test.ts
 * The same numbers, with the margins: npm run report:weight
 */
import {beforeAll, describe, expect, it} from '@jest/globals';
import {BUILD_DIR, requireBuild} from '@test-support/built-site';
import {CHECKERS_IN_VIEW_BUDGET_KB, kb, measurePages, sitePages, type PageWeight} from '@test-support/page-weight';

requireBuild(['ko', 'en']);

const pages = sitePages(BUILD_DIR);
const measured = new Map<string, PageWeight>();

beforeAll(async () => {
  for (const weight of await measurePages(
    pages.map((p) => p.path),
    BUILD_DIR,
  ))
    measured.set(weight.path, weight);
}, 15 * 60_000);

describe('page weight budgets', () => {
  it('covers every page of both locales', () => {
    expect(pages.filter((p) => p.path.startsWith('/en/')).length).toBeGreaterThan(10);
    expect(pages.filter((p) => !p.path.startsWith('/en/')).length).toBe(pages.filter((p) => p.path.startsWith('/en/')).length);
    expect(pages.filter((p) => p.kind === 'landing').map((p) => p.path)).toEqual(['/', '/en/']);
  });

  it.each(pages.map((p) => [p.path, p.kind, p.budgetKB] as const))(
    '%s (%s) stays under %s KB of gzipped JavaScript before interaction',
    (path, _kind, budgetKB) => {
      const weight = measured.get(path)!;
      const total = kb(weight.totalGzip);
      const largest = weight.scripts
        .slice(0, 5)
        .map((s) => `${kb(s.gzip).toFixed(1)} KB ${s.file}`)
        .join(', ');
      if (total > budgetKB) {
        throw new Error(
          `${path}: ${total.toFixed(1)} KB of JavaScript is over its budget of ${budgetKB} KB by ${(total - budgetKB).toFixed(1)} KB. Largest files: ${largest}. Find what a page loads with \`npm run report:weight -- --files ${path}\`.`,
        );
      }
      expect(weight.scripts.length).toBeGreaterThan(0);
    },
  );

  it.each(pages.filter((p) => p.kind === 'interactive').map((p) => [p.path] as const))(
    `%s stays under ${CHECKERS_IN_VIEW_BUDGET_KB} KB with every checker scrolled into view`,
    (path) => {
      const weight = measured.get(path)!;
      const total = kb(weight.withCheckersGzip);
      if (total > CHECKERS_IN_VIEW_BUDGET_KB) {
        throw new Error(
          `${path}: ${total.toFixed(1)} KB of JavaScript with its checkers in view is over ${CHECKERS_IN_VIEW_BUDGET_KB} KB by ${(total - CHECKERS_IN_VIEW_BUDGET_KB).toFixed(1)} KB (npm run report:weight -- --files ${path}).`,
        );
      }
      // Scrolling loaded the checkers' code: otherwise this measures nothing.
      expect(weight.withCheckersGzip).toBeGreaterThan(weight.totalGzip);
    },
  );
});
