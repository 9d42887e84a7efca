/**
 * The inputs that crashed or froze a checker (issue 13), pasted into the checkers of the built
 * site: each gets a verdict (diagnostics, a matrix), never Docusaurus's error screen, a checker's
 * error notice, or an error in the console.
 *
 * Needs a built site (both locales) and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser --runInBand test/browser/hostile-input.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Locator, Page} from 'playwright-core';
import {watchErrors, scrollThroughCheckers} from '@test-support/browser';
import {requireBuild, useBuiltSite} from '@test-support/built-site';

requireBuild(['ko', 'en']);
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

/**
 * The checkers judge in a Web Worker with a time limit (src/components/shared/engine-client.ts):
 * a job slower than the limit gets a "took too long" verdict while the page stays responsive.
 * Every input the engine knows is bounded now, so the slow job is made on purpose: the page's
 * `__ksnEngineTestSpin` flag (read only by the engine client) makes the engine busy-loop before
 * judging a text that holds the marker.
 */
describe.each([
  {name: 'Korean', prefix: '', tooLong: '초 안에 끝나지 않아 멈췄다', pass: '통과'},
  {name: 'English', prefix: '/en', tooLong: 'took longer than 5 s', pass: 'Pass'},
])('a job longer than the time limit ($name)', ({prefix, tooLong, pass}) => {
  const MARKER = '# spin-the-engine';
  const SPIN_MS = 15_000;

  it('gets the timeout verdict, the page stays responsive, another checker still works, and the next edit is judged', async () => {
    const context = await site.browser.newContext({viewport: {width: 1200, height: 900}});
    await context.addInitScript(
      ([marker, ms]) => {
        (window as unknown as {__ksnEngineTestSpin: unknown}).__ksnEngineTestSpin = {marker, ms};
      },
      [MARKER, SPIN_MS] as const,
    );
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}${prefix}/authorization/practice-rbac`, {waitUntil: 'networkidle'});
    await scrollThroughCheckers(page);
    const slow = page.locator('section[data-exercise="rbac-dev-user-pods"]');
    const other = page.locator('section[data-exercise="rbac-blue-deployments"]');
    for (const s of [slow, other]) await s.locator('[data-testid="checker"] [data-testid="verdict"]').waitFor({timeout: 20_000});
    await startEditing(other.locator('[data-testid="checker"]'));

    // A heartbeat on the page's thread: the longest gap between its ticks says whether the page froze.
    await page.evaluate(() => {
      const w = window as unknown as {__maxGap: number};
      w.__maxGap = 0;
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.__maxGap = Math.max(w.__maxGap, now - last);
        last = now;
      }, 50);
    });
    const solution = readFileSync(join(process.cwd(), 'examples', 'rbac-dev-user-pods', 'solution.yaml'), 'utf8');
    const started = Date.now();
    await paste(page, slow, `${solution.trimEnd()}\n${MARKER}\n`);

    // While the engine spins: typing in the other checker works, and a click handler runs.
    const otherContent = other.locator('.cm-content').first();
    await otherContent.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('# typed');
    expect(await otherContent.innerText()).toContain('# typed');

    const verdict = slow.locator('[data-testid="checker"][data-outcome="timeout"] [data-testid="verdict"]');
    // The limit is 5 s: the verdict comes well before the spin would end.
    await verdict.waitFor({timeout: SPIN_MS - 4000});
    const after = Date.now() - started;
    process.stdout.write(`hostile-input (browser, ${prefix || '/'}): timeout verdict after ${after} ms\n`);
    expect(await verdict.innerText()).toContain(tooLong);
    const maxGap = await page.evaluate(() => (window as unknown as {__maxGap: number}).__maxGap);
    process.stdout.write(`hostile-input (browser, ${prefix || '/'}): longest pause of the page's thread ${maxGap.toFixed(0)} ms\n`);
    expect(maxGap).toBeLessThan(1000);

    // The other checker's job, which was waiting in the ended worker, is judged by the fresh one.
    const otherText = await otherContent.innerText();
    await other.locator(`[data-testid="checker"][data-pending="false"][data-outcome="done"]`).waitFor({timeout: 10_000});
    expect(otherText).toContain('# typed');

    // The next edit (without the marker) is judged again: the solution passes.
    await paste(page, slow, solution);
    await slow.locator('[data-testid="checker"][data-outcome="done"][data-passed="true"]').waitFor({timeout: 10_000});
    expect(await slow.locator('[data-testid="verdict"]').innerText()).toContain(pass);
    await expectStillUp(page, slow, errors);
    await context.close();
  }, 120_000);
});
