/**
 * Accessibility of the built site with axe-core in the real Chromium: every page of both locales
 * (404 pages aside) has no serious or critical violation of WCAG 2.x A/AA and axe's best
 * practices, once the page has settled (checkers and playgrounds loaded, before any edit); the
 * pages with diagrams also in dark mode. With the editors open, each kind of checker is checked in
 * each locale on the fewest pages that hold every kind (editorPages): the editor is the same
 * component on every page, so opening it on all 22 pages (about 200 s of the browser tier)
 * checked the same markup again; the pages' own content is checked on every page above.
 *
 * Needs a built site with both locales and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser --runInBand test/browser/accessibility.test.ts
 */
import {scrollThroughCheckers} from '@test-support/browser';
import {describe, expect, it} from '@jest/globals';
import {createRequire} from 'node:module';
import type {Page} from 'playwright-core';
import {BUILD_DIR, requireBuild, useBuiltSite} from '@test-support/built-site';
import {sitePages} from '@test-support/page-weight';

requireBuild(['ko', 'en']);
const site = useBuiltSite();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const pages = sitePages(BUILD_DIR);

/**
 * Per locale, pages chosen greedily until every kind of checker on that locale's pages is on one
 * of them (the page with the most kinds not yet covered first; ties by path).
 */
function editorPages(): {path: string; kinds: string[]}[] {
  const chosen: {path: string; kinds: string[]}[] = [];
  const interactive = pages.filter((p) => p.kind === 'interactive');
  for (const english of [false, true]) {
    const candidates = interactive.filter((p) => p.path.startsWith('/en/') === english);
    const left = new Set(candidates.flatMap((c) => c.checkers));
    while (left.size > 0) {
      const gain = (c: (typeof candidates)[number]) => c.checkers.filter((k) => left.has(k)).length;
      const best = candidates.reduce((a, b) => (gain(b) > gain(a) ? b : a));
      const kinds = best.checkers.filter((k) => left.has(k));
      for (const k of kinds) left.delete(k);
      chosen.push({path: best.path, kinds});
    }
  }
  return chosen;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: {target: string[]; failureSummary?: string}[];
}

/** Serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({path: AXE});
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run(context: Document, options: object): Promise<{violations: unknown[]}>}}).axe;
    const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
    return result.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`,
    );
}

async function open(path: string, colorMode: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await site.browser.newContext({viewport: {width: 1200, height: 900}, colorScheme: colorMode});
  const page = await context.newPage();
  await page.goto(site.url + path, {waitUntil: 'networkidle'});
  await scrollThroughCheckers(page);
  // The checkers and playgrounds have replaced their static fallback.
  const interactive = page.locator('section.ksn-interactive');
  for (let i = 0; i < (await interactive.count()); i++) {
    await interactive
      .nth(i)
      .locator(
        '[data-testid="verdict"], [data-testid="can-i-answer"], [data-testid="netpol-matrix"], [data-testid="security-context"], [data-testid="edit"], [data-testid="lab-open"]',
      )
      .first()
      .waitFor({timeout: 20_000});
  }
  return page;
}

describe('axe-core: no serious or critical violation', () => {
  it.each(pages.map((p) => [p.path]))(
    '%s',
    async (path) => {
      const page = await open(path);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    },
    120_000,
  );

  const withEditors = editorPages();
  it('the pages with the editors open hold the four kinds of checker, in both locales', () => {
    for (const english of [false, true]) {
      const covered = withEditors.filter((p) => p.path.startsWith('/en/') === english).flatMap((p) => p.kinds);
      expect(covered.sort()).toEqual(['manifest', 'network-policy', 'rbac', 'security-context']);
    }
  });

  it.each(withEditors.map((p) => [p.path, p.kinds.join(', ')]))(
    '%s with the editors open (%s)',
    async (path) => {
      const page = await open(path);
      const edits = page.locator('[data-testid="edit"]');
      while ((await edits.count()) > 0) {
        await edits.first().click();
        await page.locator('[data-testid="editor-box"][data-editing="true"] .cm-content').first().waitFor({timeout: 20_000});
      }
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    },
    120_000,
  );

  it.each([['/network-policy'], ['/en/overview/cluster-components'], ['/authorization/practice-rbac']])(
    '%s in dark mode',
    async (path) => {
      const page = await open(path, 'dark');
      expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    },
    120_000,
  );
});
