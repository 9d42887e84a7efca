/**
 * Starts Debian's Chromium through playwright-core with the flags this environment needs
 * (no sandbox as root, no background networking: the network is closed; a fresh profile per launch). Collects console
 * errors and page errors so tests can assert there are none.
 */
import {existsSync} from 'node:fs';
import {chromium, type Browser, type Page} from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissingMessage(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `Chromium not found at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji (or set CHROMIUM_PATH).`;
}

export async function launchBrowser(): Promise<{browser: Browser; close: () => Promise<void>}> {
  const missing = chromiumMissingMessage();
  if (missing) throw new Error(missing);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    // playwright gives every launch a fresh temporary profile and removes it on close.
    close: () => browser.close(),
  };
}

/** Records console errors and uncaught page errors of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Scrolls each checker and playground of the page into view in turn, as a reader scrolling
 * through it would: their code loads when they come near the viewport (src/components/shared/WhenNear.tsx).
 */
export async function scrollThroughCheckers(page: Page): Promise<void> {
  const sections = page.locator('section.ksn-interactive');
  for (let i = 0; i < (await sections.count()); i++) await sections.nth(i).scrollIntoViewIfNeeded();
}
