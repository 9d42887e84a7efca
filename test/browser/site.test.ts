/**
 * The built site in a real browser: Korean by default, the locale switch, local search in both
 * languages, diagrams as pre-rendered SVG images (no diagram code on any page), and no console errors.
 * Needs `npm run build` first and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser
 */
import {describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import {watchErrors} from '@test-support/browser';
import {BUILD_DIR, requireBuild, useBuiltSite} from '@test-support/built-site';
import {resolveBuildPath} from '@test-support/static-server';

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

describe('the search box (src/theme/SearchBar)', () => {
  // The plugin's box carries its CSS module's searchBarContainer class; the resting box does not.
  const realBox = 'div.navbar__search[class*="searchBarContainer"]';

  it('loads its code only when the reader reaches for it: mod+K loads it, focuses it and searches', async () => {
    const {page, errors, scripts} = await open('/en/');
    expect(await page.locator(realBox).count()).toBe(0);
    const before = scripts.length;
    await page.keyboard.press('Control+k');
    await page.locator(realBox).waitFor();
    expect(scripts.length).toBeGreaterThan(before);
    expect(await page.evaluate((sel) => document.activeElement === document.querySelector(`${sel} input`), realBox)).toBe(true);
    await page.keyboard.type('kubelet');
    await page.locator('[role="option"]').first().waitFor({timeout: 15_000});
    expect((await page.locator('[role="option"]').allInnerTexts()).join('\n')).toMatch(/kubelet/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps what was typed before its code arrived', async () => {
    const page = await site.browser.newPage();
    // Hold the search chunk back until the reader has typed, as on a slow network.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.goto(site.url + '/', {waitUntil: 'networkidle'});
    await page.route('**/*.js', async (route) => {
      await held;
      await route.continue();
    });
    const input = page.locator('input.navbar__search-input').first();
    await input.focus();
    await page.keyboard.type('파드');
    release();
    await page.locator(realBox).waitFor();
    await page.locator('[role="option"]').first().waitFor({timeout: 15_000});
    expect(await page.locator(`${realBox} input`).inputValue()).toBe('파드');
    await page.close();
  });
});

describe('diagrams', () => {
  it('shows the diagrams of the overview page as pre-rendered SVG images with a text alternative', async () => {
    const {page, errors} = await open('/overview/cluster-components');
    const figure = page.locator('figure.ksn-diagram').first();
    const light = figure.locator('img.ksn-diagram__light');
    await light.waitFor();
    expect(await light.getAttribute('src')).toMatch(/\.svg$/);
    expect((await light.getAttribute('alt'))?.length).toBeGreaterThan(10);
    // Drawn: the SVG file loaded and has its size.
    expect(await light.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to the dark variant with the color mode', async () => {
    const {page} = await open('/en/network-policy');
    const figure = page.locator('figure.ksn-diagram').first();
    const visible = () =>
      figure.evaluate((f) =>
        Array.from(f.querySelectorAll('img'))
          .filter((i) => getComputedStyle(i).display !== 'none')
          .map((i) => Array.from(i.classList).find((c) => c.startsWith('ksn-diagram__'))),
      );
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    expect(await visible()).toEqual(['ksn-diagram__light']);
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect(await visible()).toEqual(['ksn-diagram__dark']);
    await page.close();
  });

  // mermaid's library code carries the identifier mermaidAPI; the site's own chunks do not.
  const isDiagramRuntime = (path: string) => {
    const file = resolveBuildPath(BUILD_DIR, path);
    return file !== null && readFileSync(file, 'utf8').includes('mermaidAPI');
  };

  it('ships no diagram runtime: no JavaScript file of the build is mermaid', () => {
    const js = readdirSync(join(BUILD_DIR, 'assets', 'js')).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    expect(js.filter((f) => isDiagramRuntime(`/assets/js/${f}`))).toEqual([]);
  });

  it.each([['/overview/cluster-components'], ['/en/network-policy/practice-network-policy']])(
    '%s draws its diagrams without downloading diagram code',
    async (path) => {
      const {page, scripts} = await open(path);
      expect(await page.locator('figure.ksn-diagram').count()).toBeGreaterThan(0);
      expect(scripts.filter(isDiagramRuntime)).toEqual([]);
      await page.close();
    },
  );
});
