/**
 * The built site under test, shared by the browser suites: where it is (build/, or KSN_BUILD_DIR),
 * a check that it was built, and jest hooks that serve it on localhost and launch Chromium once
 * per test file.
 */
import {afterAll, beforeAll} from '@jest/globals';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import type {Browser} from 'playwright-core';
import {launchBrowser} from './browser';
import {BUILD_DIR, serveBuild} from './static-server';

export {BUILD_DIR};

/** Throws with what to run when the site (or one of the locales) is not built. */
export function requireBuild(locales: readonly ('ko' | 'en')[] = ['ko']): void {
  if (!existsSync(join(BUILD_DIR, 'index.html'))) throw new Error(`No built site in ${BUILD_DIR}: run \`npm run build\` first (or set KSN_BUILD_DIR).`);
  if (locales.includes('en') && !existsSync(join(BUILD_DIR, 'en', 'index.html'))) throw new Error(`${BUILD_DIR} has no English site: build both locales.`);
}

/** Registers beforeAll/afterAll that serve the build and launch Chromium; read them after beforeAll ran. */
export function useBuiltSite(): {readonly url: string; readonly browser: Browser} {
  let site: Awaited<ReturnType<typeof serveBuild>> | undefined;
  let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    site = await serveBuild(BUILD_DIR);
    launched = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
    await site?.close();
  });
  return {
    get url() {
      if (!site) throw new Error('the site is served in beforeAll');
      return site.url;
    },
    get browser() {
      if (!launched) throw new Error('Chromium is launched in beforeAll');
      return launched.browser;
    },
  };
}
