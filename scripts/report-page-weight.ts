/**
 * Usage: npm run build && npm run report:weight [-- /path /other/path ...]
 *
 * Opens pages of the built site in Chromium and reports what a reader downloads: every
 * JavaScript file the page loads as a script (after it settles), with its gzipped size, and the
 * total; separately, what Docusaurus prefetches at idle for the links in view (the sidebar).
 * The numbers go into reports/page-weight.json. Default pages: the landing page and the
 * overview page in both locales, plus any page given on the command line.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {launchBrowser} from '../test/support/browser';
import {BUILD_DIR as BUILD, resolveBuildPath, serveBuild} from '../test/support/static-server';


export async function measurePages(
  paths: string[],
): Promise<{path: string; scripts: {file: string; gzip: number}[]; totalGzip: number; prefetchedGzip: number; prefetchedFiles: number}[]> {
  const site = await serveBuild(BUILD);
  const {browser, close} = await launchBrowser();
  try {
    const results = [];
    for (const path of paths) {
      const page = await browser.newPage();
      const scripts = new Set<string>();
      const prefetched = new Set<string>();
      page.on('response', (r) => {
        const p = new URL(r.url()).pathname;
        if (!p.endsWith('.js')) return;
        // Docusaurus prefetches the chunks of pages whose links are visible (the sidebar), at low
        // priority: the browser fetches them as resource type "other", not "script".
        (r.request().resourceType() === 'script' ? scripts : prefetched).add(p);
      });
      await page.goto(site.url + path, {waitUntil: 'networkidle'});
      await page.waitForTimeout(500);
      await page.close();
      const size = (files: Set<string>) =>
        [...files]
          .map((file) => {
            const onDisk = resolveBuildPath(BUILD, file);
            return {file, gzip: onDisk ? gzipSync(readFileSync(onDisk), {level: 9}).length : 0};
          })
          .sort((a, b) => b.gzip - a.gzip);
      const sized = size(scripts);
      const prefetchedSized = size(new Set([...prefetched].filter((f) => !scripts.has(f))));
      results.push({
        path,
        scripts: sized,
        totalGzip: sized.reduce((n, s) => n + s.gzip, 0),
        prefetchedGzip: prefetchedSized.reduce((n, s) => n + s.gzip, 0),
        prefetchedFiles: prefetchedSized.length,
      });
    }
    return results;
  } finally {
    await close();
    await site.close();
  }
}

async function main(): Promise<void> {
  const extra = process.argv.slice(2).filter((a) => a.startsWith('/'));
  const paths = ['/', '/overview/cluster-components', '/en/', '/en/overview/cluster-components', ...extra];
  const results = await measurePages(paths);
  for (const r of results) {
    console.log(
      `\n${r.path}: ${(r.totalGzip / 1024).toFixed(1)} KB of JavaScript (gzipped) in ${r.scripts.length} files; ` +
        `${(r.prefetchedGzip / 1024).toFixed(1)} KB more prefetched at idle for visible links (${r.prefetchedFiles} files)`,
    );
    for (const s of r.scripts.slice(0, 8)) console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB  ${s.file}`);
  }
  mkdirSync('reports', {recursive: true});
  writeFileSync(join('reports', 'page-weight.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
