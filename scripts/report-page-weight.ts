/**
 * Usage: npm run build && npm run report:weight [-- [--files] /path /other/path ...]
 *        KSN_BUILD_DIR=/tmp/other-site/build npm run report:weight -- /   (another built site)
 *
 * Opens pages of the built site in Chromium and reports what a reader downloads before
 * interacting: every JavaScript file the page loads as a script until it settles, gzipped, the
 * page's budget (test/support/page-weight.ts) and the margin left; separately, what Docusaurus
 * prefetches at idle for the links in view (the sidebar), which is not counted. Default: every
 * page of both locales; `--files` also lists each page's largest files. The numbers go into
 * reports/page-weight.json. The budgets are asserted by test/browser/page-weight.test.ts.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {BUDGET_KB, CHECKERS_IN_VIEW_BUDGET_KB, kb, measurePages, sitePages, type PageKind} from '../test/support/page-weight';
import {BUILD_DIR} from '../test/support/static-server';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showFiles = args.includes('--files');
  const asked = args.filter((a) => a.startsWith('/'));
  const known = new Map(sitePages(BUILD_DIR).map((p) => [p.path, p]));
  const pages = asked.length > 0 ? asked.map((path) => known.get(path) ?? {path, kind: 'page' as PageKind, budgetKB: BUDGET_KB.page}) : [...known.values()];
  const results = await measurePages(
    pages.map((p) => p.path),
    BUILD_DIR,
  );
  const rows = results.map((r, i) => ({...r, kind: pages[i].kind, budgetKB: pages[i].budgetKB, marginKB: pages[i].budgetKB - kb(r.totalGzip)}));
  const width = Math.max(...rows.map((r) => r.path.length), 4);
  console.log(`JavaScript before interaction, gzipped (KB = 1024 bytes), ${BUILD_DIR}`);
  console.log(
    `${'page'.padEnd(width)}  ${'kind'.padEnd(11)}  ${'KB'.padStart(6)}  ${'budget'.padStart(6)}  ${'margin'.padStart(7)}  files  ${'in view'.padStart(7)}  ${'budget'.padStart(6)}  prefetched at idle`,
  );
  for (const r of rows) {
    const flag = r.marginKB < 0 || (r.kind === 'interactive' && kb(r.withCheckersGzip) > CHECKERS_IN_VIEW_BUDGET_KB) ? '  OVER BUDGET' : '';
    console.log(
      `${r.path.padEnd(width)}  ${r.kind.padEnd(11)}  ${kb(r.totalGzip).toFixed(1).padStart(6)}  ${String(r.budgetKB).padStart(6)}  ${r.marginKB.toFixed(1).padStart(7)}  ${String(r.scripts.length).padStart(5)}  ${r.kind === 'interactive' ? `${kb(r.withCheckersGzip).toFixed(1).padStart(7)}  ${String(CHECKERS_IN_VIEW_BUDGET_KB).padStart(6)}` : `${'-'.padStart(7)}  ${'-'.padStart(6)}`}  ${kb(r.prefetchedGzip).toFixed(1)} KB (${r.prefetchedFiles} files)${flag}`,
    );
    if (showFiles) for (const s of r.scripts.slice(0, 8)) console.log(`${''.padEnd(width)}  ${kb(s.gzip).toFixed(1).padStart(19)}  ${s.file}`);
  }
  const over = rows.filter((r) => r.marginKB < 0 || (r.kind === 'interactive' && kb(r.withCheckersGzip) > CHECKERS_IN_VIEW_BUDGET_KB)).length;
  console.log(`${rows.length} pages, ${over} over budget`);
  mkdirSync('reports', {recursive: true});
  writeFileSync(join('reports', 'page-weight.json'), `${JSON.stringify(rows, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
