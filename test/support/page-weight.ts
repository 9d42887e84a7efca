/**
 * What a reader downloads before interacting, per page of the built site, and the budget each
 * page must stay under (issue 14). Shared by the budget test (test/browser/page-weight.test.ts)
 * and the report (scripts/report-page-weight.ts), so both print and judge the same bytes.
 *
 * A page's weight is the gzipped size (level 9) of every JavaScript file it loads (its own
 * scripts and its Web Workers' scripts; not what it prefetches for other pages) until it
 * settles: no request in flight and no new script for QUIET_MS. The bytes come from the files
 * of the build, so the numbers are deterministic for a given build; only the set of files
 * depends on the browser, and that set is fixed once the page has settled.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {gzipSync} from 'node:zlib';
import type {Browser} from 'playwright-core';
import {launchBrowser} from './browser';
import {runJobs} from './run-jobs';
import {BUILD_DIR, resolveBuildPath, serveBuild} from './static-server';

/** Budgets in KB (1024 bytes) of gzipped JavaScript, by kind of page. */
export const BUDGET_KB = {
  /**
   * The home page of a locale: 172.8 / 171.3 KB since the search box loads on demand
   * (src/theme/SearchBar); a fresh create-docusaurus 3.10.2 classic site's is 167.3 KB.
   */
  landing: 180,
  /**
   * A page with a checker or a playground, before the reader scrolls to one: its code loads when
   * it comes near the viewport (src/components/shared/WhenNear.tsx). Heaviest 181.9 KB
   * (/network-policy); with the engine loaded eagerly the same pages weighed 315-337 KB.
   */
  interactive: 220,
  /** Every other page: concepts, diagrams, search. */
  page: 220,
} as const;

/**
 * A page with checkers or playgrounds once the reader has scrolled to each of them, before any
 * edit (the editor loads on edit). The goal was 300 KB; since the engine checks every
 * kind the server serves (67, was 19) its validators grew from 38.6 to 78.4 KB gzipped and the
 * heaviest page is 328.2 KB (/en/network-policy). This budget stops growth; splitting the
 * validators by kind is the way back under 300.
 */
export const CHECKERS_IN_VIEW_BUDGET_KB = 340;

export type PageKind = keyof typeof BUDGET_KB;

export interface SitePage {
  path: string;
  kind: PageKind;
  budgetKB: number;
  /** The kinds of checker on the page (data-checker="..." of each section.ksn-interactive), sorted. */
  checkers: string[];
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
      const checkers = [...new Set([...html.matchAll(/data-checker="?([a-z-]+)/g)].map((m) => m[1]))].sort();
      const kind: PageKind = path === '/' || path === '/en/' ? 'landing' : checkers.length > 0 ? 'interactive' : 'page';
      out.push({path, kind, budgetKB: BUDGET_KB[kind], checkers});
    }
  };
  visit(buildDir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export interface PageWeight {
  path: string;
  scripts: {file: string; gzip: number}[];
  totalGzip: number;
  /**
   * Pages with checkers or playgrounds: the gzipped JavaScript once the reader has scrolled to
   * each of them (their code loads when they come near the viewport, src/components/shared/WhenNear.tsx),
   * still before any edit. The same as totalGzip on other pages.
   */
  withCheckersGzip: number;
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
  const classified: Promise<void>[] = [];
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (!p.endsWith('.js')) return;
    // Docusaurus prefetches the chunks of pages whose links are visible (the sidebar), at low
    // priority (<link rel="prefetch">): Chromium sends them with `Sec-Purpose: prefetch`. Every
    // other script counts, whatever its resource type: a Web Worker's own scripts (the checkers'
    // engine worker loads its chunks with importScripts) come as type "other", and they are
    // JavaScript the reader downloads.
    classified.push(
      r
        .request()
        .allHeaders()
        .then((headers) => {
          const purpose = `${headers['sec-purpose'] ?? ''} ${headers.purpose ?? ''}`;
          (/prefetch/i.test(purpose) ? prefetched : scripts).add(p);
        }),
    );
  });
  const settle = async () => {
    const started = Date.now();
    while (Date.now() - started < SETTLE_TIMEOUT_MS && (inFlight > 0 || Date.now() - lastActivity < QUIET_MS)) {
      await page.waitForTimeout(100);
    }
  };
  await page.goto(baseUrl + path, {waitUntil: 'load'});
  await settle();
  await Promise.all(classified);
  const beforeScroll = new Set(scripts);
  // The reader scrolls through the page: each checker and playground comes into view in turn.
  const sections = page.locator('section.ksn-interactive');
  for (let i = 0; i < (await sections.count()); i++) {
    await sections.nth(i).scrollIntoViewIfNeeded();
    await page.waitForTimeout(50);
  }
  // Quiet counts from the last scroll: the code a checker asks for starts loading after it.
  lastActivity = Date.now();
  await settle();
  await Promise.all(classified);
  await context.close();
  const size = (files: Set<string>) => [...files].map((file) => ({file, gzip: gzipSize(buildDir, file)})).sort((a, b) => b.gzip - a.gzip);
  const withCheckers = size(scripts);
  const sized = size(beforeScroll);
  const prefetchedSized = size(new Set([...prefetched].filter((f) => !beforeScroll.has(f))));
  return {
    path,
    scripts: sized,
    totalGzip: sized.reduce((n, s) => n + s.gzip, 0),
    withCheckersGzip: withCheckers.reduce((n, s) => n + s.gzip, 0),
    prefetchedGzip: prefetchedSized.reduce((n, s) => n + s.gzip, 0),
    prefetchedFiles: prefetchedSized.length,
  };
}

/**
 * Serves the build, launches Chromium, measures the pages, three at a time (each in its own
 * context: nothing is shared between them, and most of a page's time is the quiet wait).
 */
export async function measurePages(paths: readonly string[], buildDir = BUILD_DIR, concurrency = 3): Promise<PageWeight[]> {
  const site = await serveBuild(buildDir);
  const {browser, close} = await launchBrowser();
  try {
    const results: PageWeight[] = new Array(paths.length);
    await runJobs(
      paths.map((path, i) => async () => {
        results[i] = await measurePage(browser, site.url, path, buildDir);
      }),
      concurrency,
    );
    return results;
  } finally {
    await close();
    await site.close();
  }
}

export const kb = (bytes: number) => bytes / 1024;
