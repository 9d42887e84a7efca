/**
 * What a reader downloads before interacting, per page of the built site, and the budget each
 * page must stay under (issue 14). Shared by the budget test (test/browser/page-weight.test.ts)
 * and the report (scripts/report-page-weight.ts), so both print and judge the same bytes.
 *
 * A page's weight is the gzipped size (level 9) of every JavaScript file it loads as a script
 * until it settles: no request in flight and no new script for QUIET_MS. The bytes come from the
 * files of the build, so the numbers are deterministic for a given build; only the set of files
 * depends on the browser, and that set is fixed once the page has settled.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {gzipSync} from 'node:zlib';
import type {Browser} from 'playwright-core';
import {launchBrowser} from './browser';
import {BUILD_DIR, resolveBuildPath, serveBuild} from './static-server';

/** Budgets in KB (1024 bytes) of gzipped JavaScript, by kind of page. */
export const BUDGET_KB = {
  /**
   * The home page of a locale: 172.8 / 171.3 KB since the search box loads on demand
   * (src/theme/SearchBar); a fresh create-docusaurus 3.10.2 classic site's is 167.3 KB.
   */
  landing: 180,
  /**
   * A page with a checker or a playground, before the reader edits (the editor and the engine's
   * heavier parts load then): heaviest 284.9 KB (/en/network-policy).
   */
  interactive: 300,
  /** Every other page: concepts, diagrams, search. */
  page: 220,
} as const;

export type PageKind = keyof typeof BUDGET_KB;

export interface SitePage {
  path: string;
  kind: PageKind;
  budgetKB: number;
}

/** How long the page must be quiet (no request in flight, no new script) to count as settled. */
const QUIET_MS = 1500;
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Every page of the built site in both locales (404 pages aside), with its kind: the landing
 * page of each locale, pages whose HTML carries a checker or playground (data-checker), others.
 */
export function sitePages(buildDir = BUILD_DIR): SitePage[] {
  const out: SitePage[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'assets' && entry.name !== 'img') visit(full);
        continue;
      }
      if (!entry.name.endsWith('.html') || entry.name === '404.html') continue;
      const rel = relative(buildDir, full).split(sep).join('/');
      const path = rel === 'index.html' ? '/' : rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel.replace(/\.html$/, '')}`;
      const html = readFileSync(full, 'utf8');
      const kind: PageKind = path === '/' || path === '/en/' ? 'landing' : /data-checker=/.test(html) ? 'interactive' : 'page';
      out.push({path, kind, budgetKB: BUDGET_KB[kind]});
    }
  };
  visit(buildDir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export interface PageWeight {
  path: string;
  scripts: {file: string; gzip: number}[];
  totalGzip: number;
  prefetchedGzip: number;
  prefetchedFiles: number;
}

const gzipSize = (buildDir: string, file: string) => {
  const onDisk = resolveBuildPath(buildDir, file);
  return onDisk ? gzipSync(readFileSync(onDisk), {level: 9}).length : 0;
};

/** Opens one page in a fresh context (empty cache) and records the scripts it loads until it settles. */
export async function measurePage(browser: Browser, baseUrl: string, path: string, buildDir = BUILD_DIR): Promise<PageWeight> {
  const context = await browser.newContext({viewport: {width: 1200, height: 900}});
  const page = await context.newPage();
  const scripts = new Set<string>();
  const prefetched = new Set<string>();
  let inFlight = 0;
  let lastActivity = Date.now();
  page.on('request', () => {
    inFlight++;
    lastActivity = Date.now();
  });
  const done = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (!p.endsWith('.js')) return;
    // Docusaurus prefetches the chunks of pages whose links are visible (the sidebar), at low
    // priority: the browser fetches them as resource type "other", not "script".
    (r.request().resourceType() === 'script' ? scripts : prefetched).add(p);
  });
  await page.goto(baseUrl + path, {waitUntil: 'load'});
  const started = Date.now();
  while (Date.now() - started < SETTLE_TIMEOUT_MS && (inFlight > 0 || Date.now() - lastActivity < QUIET_MS)) {
    await page.waitForTimeout(100);
  }
  await context.close();
  const size = (files: Set<string>) => [...files].map((file) => ({file, gzip: gzipSize(buildDir, file)})).sort((a, b) => b.gzip - a.gzip);
  const sized = size(scripts);
  const prefetchedSized = size(new Set([...prefetched].filter((f) => !scripts.has(f))));
  return {
    path,
    scripts: sized,
    totalGzip: sized.reduce((n, s) => n + s.gzip, 0),
    prefetchedGzip: prefetchedSized.reduce((n, s) => n + s.gzip, 0),
    prefetchedFiles: prefetchedSized.length,
  };
}

/** Serves the build, launches Chromium, measures the pages one after the other. */
export async function measurePages(paths: readonly string[], buildDir = BUILD_DIR): Promise<PageWeight[]> {
  const site = await serveBuild(buildDir);
  const {browser, close} = await launchBrowser();
  try {
    const results: PageWeight[] = [];
    for (const path of paths) results.push(await measurePage(browser, site.url, path, buildDir));
    return results;
  } finally {
    await close();
    await site.close();
  }
}

export const kb = (bytes: number) => bytes / 1024;
