/**
 * The built site in a real browser: Korean by default, the locale switch, local search in both
 * languages, diagrams only where a page has one, and no console errors.
 * Needs `npm run build` first and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import type {Page} from 'playwright-core';
import {watchErrors} from '../support/browser';
import {BUILD_DIR, requireBuild, useBuiltSite} from '../support/built-site';
import {resolveBuildPath} from '../support/static-server';

requireBuild(['ko', 'en']);
const site = useBuiltSite();

async function open(path: string): Promise<{page: Page; errors: string[]; scripts: string[]}> {
  const page = await site.browser.newPage();
  const errors = watchErrors(page);
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(new URL(response.url()).pathname);
  });
  await page.goto(site.url + path, {waitUntil: 'networkidle'});
  return {page, errors, scripts};
}

async function search(page: Page, query: string): Promise<string[]> {
  const input = page.locator('input.navbar__search-input').first();
  await input.click();
  await input.fill(query);
  const options = page.locator('[role="option"]');
  await options.first().waitFor({timeout: 15_000});
  return options.allInnerTexts();
}

describe('the Korean site (default locale)', () => {
  it('renders Korean text at / with lang="ko"', async () => {
    const {page, errors} = await open('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('h1').first().innerText()).toBe('쿠버네티스 보안 노트');
    expect(await page.locator('article').innerText()).toMatch(/채점기/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds a Korean word (파드) with the local search', async () => {
    const {page, errors} = await open('/');
    const results = await search(page, '파드');
    expect(results.length).toBeGreaterThan(0);
    expect(results.join('\n')).toMatch(/파드/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to English through the locale dropdown', async () => {
    const {page, errors} = await open('/overview/cluster-components');
    await page.locator('.navbar__items--right .dropdown').first().hover();
    await page.locator('.dropdown__menu a', {hasText: 'English'}).first().click();
    await page.waitForURL(/\/en\/overview\/cluster-components$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').first().innerText()).toBe('Kubernetes cluster components');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the English site (/en/)', () => {
  it('renders English text with lang="en"', async () => {
    const {page, errors} = await open('/en/');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').first().innerText()).toBe('Kubernetes Security Notes');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds an English word (kubelet) with the local search', async () => {
    const {page, errors} = await open('/en/');
    const results = await search(page, 'kubelet');
    expect(results.join('\n')).toMatch(/kubelet/i);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('diagrams', () => {
  it('draws the mermaid diagram of the overview page as SVG', async () => {
    const {page, errors} = await open('/overview/cluster-components');
    await page.locator('.docusaurus-mermaid-container svg').first().waitFor({timeout: 20_000});
    expect(await page.locator('.docusaurus-mermaid-container svg').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  // mermaid's library code carries the identifier mermaidAPI; the site's own chunks do not.
  const diagramScripts = (scripts: string[]) =>
    scripts.filter((path) => {
      const file = resolveBuildPath(BUILD_DIR, path);
      return file !== null && readFileSync(file, 'utf8').includes('mermaidAPI');
    });

  it('downloads the diagram code on a page with a diagram', async () => {
    const {page, scripts} = await open('/overview/cluster-components');
    expect(diagramScripts(scripts).length).toBeGreaterThan(0);
    await page.close();
  });

  it.each([['/'], ['/en/']])('does not download the diagram code on %s, which has no diagram', async (path) => {
    const {page, scripts} = await open(path);
    expect(scripts.length).toBeGreaterThan(0);
    expect(diagramScripts(scripts)).toEqual([]);
    await page.close();
  });
});
