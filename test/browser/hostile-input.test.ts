/**
 * The inputs that crashed or froze a checker (issue 13), pasted into the checkers of the built
 * site: each gets a verdict (diagnostics, a matrix), never Docusaurus's error screen, a checker's
 * error notice, or an error in the console.
 *
 * Needs a built site (Korean is enough) and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser --runInBand test/browser/hostile-input.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import type {Locator, Page} from 'playwright-core';
import {watchErrors, scrollThroughCheckers} from '@test-support/browser';
import {requireBuild, useBuiltSite} from '@test-support/built-site';

requireBuild(['ko']);
const site = useBuiltSite();

async function open(path: string): Promise<{page: Page; errors: string[]}> {
  const context = await site.browser.newContext({viewport: {width: 1200, height: 900}});
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(site.url + path, {waitUntil: 'networkidle'});
  await scrollThroughCheckers(page);
  return {page, errors};
}

/** The editor loads when the reader starts editing (the edit button), as checkers.test.ts does it. */
async function startEditing(scope: Locator): Promise<void> {
  if ((await scope.locator('.cm-content').count()) === 0) await scope.locator('[data-testid="edit"]').first().click();
  await scope.locator('.cm-content').first().waitFor({timeout: 30_000});
}

/**
 * Selects all and pastes `text` as a reader's Ctrl+V does: a paste event with the text on its
 * clipboard, which the editor handles as one change. (Typing it with keyboard.insertText makes
 * Chromium edit the contenteditable line by line: 7 s for 500 lines, before any checker runs.)
 */
async function paste(page: Page, scope: Locator, text: string): Promise<void> {
  await startEditing(scope);
  const content = scope.locator('.cm-content').first();
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await content.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
  }, text);
}

/** The page is still the page: no error screen, the checker still there, no error notice. */
async function expectStillUp(page: Page, section: Locator, errors: string[]): Promise<void> {
  expect(await page.locator('text=This page crashed').count()).toBe(0);
  expect(await section.count()).toBe(1);
  expect(await section.locator('[data-checker-error]').count()).toBe(0);
  expect(errors).toEqual([]);
}

const unknownFields = (n: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dashboard\nspec:\n  selector: {matchLabels: {app: dashboard}}\n  template:\n    metadata: {labels: {app: dashboard}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n` +
  Array.from({length: n}, (_, i) => `        ${'securityContxt'.repeat(4)}${String(i).padStart(4, 'z')}: 1`).join('\n') +
  '\n';

describe('hostile input in the manifest checker', () => {
  it.each([
    [
      'a selector value {toString: 1} (threw "Cannot convert object to primitive value")',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dashboard\nspec:\n  selector: {matchLabels: {app: {toString: 1}}}\n  template:\n    metadata: {labels: {app: dashboard}}\n    spec:\n      serviceAccountName: dashboard-sa\n      containers: [{name: c, image: "nginx:1.27"}]\n',
      'INVALID_TYPE',
    ],
    [
      'a container named {toString: 1}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dashboard\nspec:\n  selector: {matchLabels: {app: dashboard}}\n  template:\n    metadata: {labels: {app: dashboard}}\n    spec:\n      containers: [{name: {toString: 1}, image: "nginx:1.27"}]\n',
      'INVALID_TYPE',
    ],
    ['13,500 unknown 60-character fields (froze the tab)', unknownFields(13_500), 'DIAGNOSTICS_OMITTED'],
    ['a {{replicas}} placeholder', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dashboard\nspec:\n  replicas: {{replicas}}\n', 'YAML_SYNTAX'],
  ])(
    '%s gets a verdict',
    async (_name, text, code) => {
      const {page, errors} = await open('/service-accounts/practice-service-accounts');
      const section = page.locator('section[data-exercise="sa-dashboard-deployment"]');
      await startEditing(section.locator('[data-testid="checker"]'));
      const started = Date.now();
      await paste(page, section, text);
      await section.locator(`[data-testid="diagnostics"] li[data-code="${code}"]`).first().waitFor({timeout: 30_000});
      process.stdout.write(`hostile-input (browser): ${_name}: verdict after ${Date.now() - started} ms\n`);
      expect(await section.locator('[data-testid="diagnostics"] li').count()).toBeLessThan(400);
      await expectStillUp(page, section, errors);
      await page.context().close();
    },
    120_000,
  );
});

describe('hostile input in the NetworkPolicy playground', () => {
  it('150 pods and a policy: the matrix is drawn (froze the tab 8 s)', async () => {
    const {page, errors} = await open('/network-policy');
    // The page has several playgrounds: the first one is enough.
    const section = page.locator('section[data-checker="network-policy"]').first();
    await section.locator('[data-testid="netpol-matrix"]').waitFor({timeout: 30_000});
    const pods = Array.from(
      {length: 150},
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, labels: {role: r${i % 5}}}\nspec: {containers: [{name: c, image: "nginx:1.27", ports: [{containerPort: 3306}]}]}`,
    );
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db}\nspec:\n  podSelector: {matchLabels: {role: r0}}\n  ingress: [{from: [{podSelector: {matchLabels: {role: r1}}}], ports: [{port: 3306}]}]';
    const started = Date.now();
    await paste(page, section, [...pods, policy].join('\n---\n') + '\n');
    await section.locator('button[data-from="default/p1"][data-to="default/p0"][data-allowed="true"]').waitFor({timeout: 60_000});
    process.stdout.write(`hostile-input (browser): 150-pod matrix drawn after ${Date.now() - started} ms\n`);
    expect(await section.locator('button[data-from="default/p2"][data-to="default/p0"]').getAttribute('data-allowed')).toBe('false');
    // 150 pods: the matrix draws the first 40 and says how many it left out
    expect(await section.locator('[data-testid="netpol-matrix-capped"]').textContent()).toContain('110');
    expect(await section.locator('button[data-from="default/p45"]').count()).toBe(0);
    await expectStillUp(page, section, errors);
    await page.context().close();
  }, 120_000);
});
