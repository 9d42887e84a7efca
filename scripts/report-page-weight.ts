/**
 * Usage: npm run build && npm run report:weight [-- /path /other/path ...]
 *
 * Opens pages of the built site in Chromium and reports what a reader downloads: every
 * JavaScript file the page loads (after it settles), with its gzipped size, and the total.
 * The numbers go into reports/page-weight.json. Default pages: the landing page and the
 * overview page in both locales, plus any page given on the command line.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {launchBrowser} from '../test/support/browser';
import {resolveBuildPath, serveBuild} from '../test/support/static-server';

const BUILD = join(process.cwd(), 'build');

export async function measurePages(paths: string[]): Promise<{path: string; scripts: {file: string; gzip: number}[]; totalGzip: number}[]> {
  const site = await serveBuild(BUILD);
  const {browser, close} = await launchBrowser();
  try {
    const results = [];
    for (const path of paths) {
      const page = await browser.newPage();
      const scripts = new Set<string>();
      page.on('response', (r) => {
        const p = new URL(r.url()).pathname;
        if (p.endsWith('.js')) scripts.add(p);
      });
      await page.goto(site.url + path, {waitUntil: 'networkidle'});
      await page.waitForTimeout(500);
      await page.close();
      const sized = [...scripts].map((file) => {
        const onDisk = resolveBuildPath(BUILD, file);
        return {file, gzip: onDisk ? gzipSync(readFileSync(onDisk), {level: 9}).length : 0};
      });
      results.push({path, scripts: sized.sort((a, b) => b.gzip - a.gzip), totalGzip: sized.reduce((n, s) => n + s.gzip, 0)});
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
    console.log(`\n${r.path}: ${(r.totalGzip / 1024).toFixed(1)} KB of JavaScript (gzipped), ${r.scripts.length} files`);
    for (const s of r.scripts.slice(0, 8)) console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB  ${s.file}`);
  }
  mkdirSync('reports', {recursive: true});
  writeFileSync(join('reports', 'page-weight.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
