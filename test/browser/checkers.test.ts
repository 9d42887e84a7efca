/**
 * The checkers and playgrounds in a real browser, on the built site, in both locales: a wrong
 * answer gets its specific failure, the reference answer passes; a can-i question is answered
 * with its reason; a NetworkPolicy matrix cell flips when the policy is edited; pages without a
 * checker load none of the checker code; without JavaScript the page still shows the starting
 * manifest and the checks. Also measures (and writes to reports/checkers.json, without asserting
 * on it) the gzipped size of the checker chunks and the time from a keystroke to the verdict on a
 * 300-line manifest.
 *
 * Needs a built site with both locales and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser --runInBand test/browser/checkers.test.ts
 * Another build directory: KSN_BUILD_DIR=/tmp/site-build (same command).
 */
import {afterAll, describe, expect, it} from '@jest/globals';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import type {Locator, Page} from 'playwright-core';
import {watchErrors, scrollThroughCheckers} from '@test-support/browser';
import {BUILD_DIR, requireBuild, useBuiltSite} from '@test-support/built-site';
import {resolveBuildPath} from '@test-support/static-server';
import {exerciseAnswers, parseExerciseFile} from '../../src/core';

requireBuild(['ko', 'en']);

const EXAMPLES = join(process.cwd(), 'examples');
const example = (id: string, file: string) => readFileSync(join(EXAMPLES, id, file), 'utf8');

const site = useBuiltSite();
const report: Record<string, unknown> = {};

afterAll(async () => {
  if (Object.keys(report).length > 0) {
    mkdirSync('reports', {recursive: true});
    writeFileSync(join('reports', 'checkers.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
});

interface Opened {
  page: Page;
  errors: string[];
  scripts: string[];
}

async function open(path: string, options: {javaScriptEnabled?: boolean} = {}): Promise<Opened> {
  const context = await site.browser.newContext({javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: {width: 1200, height: 900}});
  const page = await context.newPage();
  const errors = watchErrors(page);
  const scripts: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.js')) scripts.push(path);
  });
  await page.goto(site.url + path, {waitUntil: 'networkidle'});
  await scrollThroughCheckers(page);
  return {page, errors, scripts};
}

async function closePage({page}: Opened): Promise<void> {
  await page.context().close();
}

/** The checker of an exercise, once it shows its verdict (the editor loads only on "Edit"). */
async function checkerFor(page: Page, exercise: string): Promise<Locator> {
  const section = page.locator(`section[data-exercise="${exercise}"]`);
  await section.locator('[data-testid="checker"] [data-testid="verdict"]').waitFor({timeout: 20_000});
  return section;
}

/** Starts editing in `scope` (the "Edit" button) unless the editor is already there. */
async function startEditing(scope: Locator): Promise<void> {
  if ((await scope.locator('.cm-content').count()) === 0) await scope.locator('[data-testid="edit"]').first().click();
  await scope.locator('.cm-content').first().waitFor({timeout: 20_000});
}

/** Replaces the whole text of the editor in `scope` by typing it (select all, then insert). */
async function replaceText(page: Page, scope: Locator, text: string): Promise<void> {
  await startEditing(scope);
  await scope.locator('.cm-content').first().click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

const assertion = (section: Locator, id: string) => section.locator(`li[data-assertion="${id}"]`);

const LOCALES = [
  {name: 'Korean', prefix: '', pass: '통과', allowed: '허용(yes)', denied: '거부(no)'},
  {name: 'English', prefix: '/en', pass: 'Pass', allowed: 'allowed (yes)', denied: 'denied (no)'},
] as const;

describe.each(LOCALES)('checkers in $name', ({prefix, pass, allowed, denied}) => {
  it('RBAC (160 Q9): a Role without delete fails "can delete pods" with the rule that lacks the verb; the solution passes', async () => {
    const opened = await open(`${prefix}/authorization/practice-rbac`);
    const {page, errors} = opened;
    const section = await checkerFor(page, 'rbac-dev-user-pods');
    await replaceText(page, section, example('rbac-dev-user-pods', 'wrong.yaml'));
    // The wrong answer grants create and list: those turn green, delete stays red.
    await section.locator('li[data-assertion="can-list-pods"][data-passed="true"]').waitFor();
    const failing = assertion(section, 'can-delete-pods');
    expect(await failing.getAttribute('data-passed')).toBe('false');
    const failure = failing.locator('li[data-code="CAN_I_DIFFERS"]');
    expect(await failure.locator('[data-testid="expected"]').innerText()).toBe(allowed);
    expect(await failure.locator('[data-testid="actual"]').innerText()).toBe(denied);
    const reason = await failure.locator('[data-testid="reason"]').innerText();
    expect(reason).toContain('developer');
    expect(reason).toContain('rules[0]');
    expect(reason).toContain('delete');
    expect(await section.locator('[data-testid="verdict"]').innerText()).not.toContain(pass);

    await replaceText(page, section, example('rbac-dev-user-pods', 'solution.yaml'));
    await section.locator('[data-testid="checker"][data-passed="true"]').waitFor();
    expect(await section.locator('[data-testid="verdict"]').innerText()).toContain(pass);
    expect(await section.locator('li[data-assertion][data-passed="false"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await closePage(opened);
  }, 60_000);

  it('service accounts (166 Q13): serviceAccountName on the Deployment is an unknown field at its line; in the pod template it passes', async () => {
    const opened = await open(`${prefix}/service-accounts/practice-service-accounts`);
    const {page, errors} = opened;
    const section = await checkerFor(page, 'sa-dashboard-deployment');
    const wrong = example('sa-dashboard-deployment', 'wrong.yaml');
    const wrongLine = wrong.split('\n').findIndex((l) => /^\s*serviceAccountName:/.test(l)) + 1;
    await replaceText(page, section, wrong);
    const diagnostic = section.locator('[data-testid="diagnostics"] li[data-code="UNKNOWN_FIELD"]');
    await diagnostic.waitFor();
    expect(await diagnostic.innerText()).toContain(String(wrongLine));
    expect(await diagnostic.innerText()).toContain('serviceAccountName');
    // Drawn in the editor too, on that line.
    expect(await section.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    const template = assertion(section, 'template-uses-dashboard-sa');
    expect(await template.getAttribute('data-passed')).toBe('false');
    const missing = template.locator('li[data-code="MISSING"]');
    expect(await missing.innerText()).toContain('spec.template.spec.serviceAccountName');
    expect(await missing.locator('[data-testid="expected"]').innerText()).toBe('dashboard-sa');

    await replaceText(page, section, example('sa-dashboard-deployment', 'solution.yaml'));
    await section.locator('[data-testid="checker"][data-passed="true"]').waitFor();
    expect(await section.locator('[data-testid="diagnostics"] li[data-code="UNKNOWN_FIELD"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await closePage(opened);
  }, 60_000);

  it('securityContext (172 Q2): runAsUser "1010" is a string the server refuses; 1010 passes and the table says the pod level set it', async () => {
    const opened = await open(`${prefix}/container-security/practice-security-contexts`);
    const {page, errors} = opened;
    const section = await checkerFor(page, 'secctx-ubuntu-sleeper-1010');
    // The editor starts from the lab's pod, which runs as the image's user.
    expect(await assertion(section, 'runs-as-1010').getAttribute('data-passed')).toBe('false');
    await replaceText(page, section, example('secctx-ubuntu-sleeper-1010', 'wrong.yaml'));
    await section.locator('[data-testid="diagnostics"] li[data-code="INVALID_TYPE"]').waitFor();
    expect(await assertion(section, 'no-errors').getAttribute('data-passed')).toBe('false');
    const runAs = assertion(section, 'runs-as-1010');
    expect(await runAs.getAttribute('data-passed')).toBe('false');

    await replaceText(page, section, example('secctx-ubuntu-sleeper-1010', 'solution.yaml'));
    await section.locator('[data-testid="checker"][data-passed="true"]').waitFor();
    const cell = section.locator('[data-testid="security-context"] td[data-container="ubuntu-sleeper"][data-field="runAsUser"]');
    expect(await cell.getAttribute('data-level')).toBe('pod');
    expect(await cell.innerText()).toContain('1010');
    expect(errors).toEqual([]);
    await closePage(opened);
  }, 60_000);

  it('NetworkPolicy (176 Q10): an Ingress-only policyTypes leaves egress open to external; the solution passes', async () => {
    const opened = await open(`${prefix}/network-policy/practice-network-policy`);
    const {page, errors} = opened;
    const section = await checkerFor(page, 'netpol-internal-policy');
    await replaceText(page, section, example('netpol-internal-policy', 'wrong.yaml'));
    const blocked = assertion(section, 'internal-to-external-blocked');
    await blocked.locator('li[data-code="REACH_DIFFERS"]').waitFor();
    const reason = await blocked.locator('[data-testid="reason"]').innerText();
    expect(reason).toContain('default/internal');
    expect(reason).toContain('default/external');
    const types = assertion(section, 'egress-policy').locator('li[data-code="ITEM_MISSING"]');
    expect(await types.innerText()).toContain('spec.policyTypes');
    expect(await types.locator('[data-testid="expected"]').innerText()).toBe('Egress');

    await replaceText(page, section, example('netpol-internal-policy', 'solution.yaml'));
    await section.locator('[data-testid="checker"][data-passed="true"]').waitFor();
    expect(await section.locator('[data-testid="verdict"]').innerText()).toContain(pass);
    expect(errors).toEqual([]);
    await closePage(opened);
  }, 60_000);

  it('the RBAC playground (159) answers a can-i question with the binding, role and rule, or the reason it is denied', async () => {
    const opened = await open(`${prefix}/authorization/rbac`);
    const {page, errors} = opened;
    const section = page.locator('section[data-checker="rbac"]');
    await section.locator('[data-testid="can-i-answer"]').waitFor({timeout: 20_000});
    const form = section.locator('form');
    await form.locator('input[name="user"]').fill('dev-user');
    await form.locator('input[name="groups"]').fill('');
    await form.locator('input[name="verb"]').fill('delete');
    await form.locator('input[name="resource"]').fill('pods');
    await form.locator('input[name="apiGroup"]').fill('');
    await form.locator('input[name="namespace"]').fill('default');
    const answer = section.locator('[data-testid="can-i-answer"]');
    await section.locator('[data-testid="can-i-answer"][data-allowed="true"]').waitFor();
    expect(await answer.innerText()).toContain('kubectl auth can-i delete pods -n default --as dev-user');
    const reason = await section.locator('[data-testid="can-i-reason"]').innerText();
    expect(reason).toContain('devuser-developer-binding');
    expect(reason).toContain('developer');
    expect(reason).toContain('rules[0]');

    // Not in another namespace: the RoleBinding counts only in its own.
    await form.locator('input[name="namespace"]').fill('test');
    await section.locator('[data-testid="can-i-answer"][data-allowed="false"]').waitFor();
    expect(await section.locator('[data-testid="can-i-reason"]').innerText()).toContain('default');
    // The access matrix agrees: pods/delete is allowed in default.
    const cell = section.locator('[data-testid="access-matrix"] tr[data-resource="pods"] button[data-verb="delete"]');
    expect(await cell.getAttribute('data-allowed')).toBe('true');
    expect(await section.locator('[data-testid="access-matrix"] tr[data-resource="secrets"] button[data-verb="get"]').getAttribute('data-allowed')).toBe(
      'false',
    );
    expect(errors).toEqual([]);
    await closePage(opened);
  }, 60_000);

  it('the NetworkPolicy playground (174, /network-policy): web → db on 3306 flips from blocked to allowed when the policy admits web', async () => {
    const opened = await open(`${prefix}/network-policy`);
    const {page, errors} = opened;
    const section = page.locator('section[data-checker="network-policy"][data-example="netpol-db-policy"]');
    await section.locator('[data-testid="netpol-matrix"]').waitFor({timeout: 20_000});
    const webToDb = section.locator('button[data-from="default/web"][data-to="default/db"]');
    const apiToDb = section.locator('button[data-from="default/api"][data-to="default/db"]');
    expect(await webToDb.getAttribute('data-allowed')).toBe('false');
    expect(await apiToDb.getAttribute('data-allowed')).toBe('true');
    await webToDb.click();
    const explanation = section.locator('[data-testid="netpol-explanation"]');
    expect(await explanation.locator('li[data-direction="ingress"]').innerText()).toContain('default/db-policy ingress[0]');

    const policy = example('netpol-db-policy', 'policy-definition.yaml').replace('role: api-pod', 'role: web');
    await replaceText(page, section, `${example('netpol-db-policy', 'pods.yaml').trimEnd()}\n---\n${policy}`);
    await section.locator('button[data-from="default/web"][data-to="default/db"][data-allowed="true"]').waitFor();
    expect(await apiToDb.getAttribute('data-allowed')).toBe('false');
    expect(await explanation.locator('li[data-direction="ingress"]').innerText()).toContain('default/db-policy ingress[0]');
    expect(await section.locator('[data-testid="netpol-diagram"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await closePage(opened);
  }, 60_000);
});

describe('every exercise on the site', () => {
  // Where each checker is, read from the built pages (Korean locale).
  const pagesWithCheckers = (() => {
    const out: {path: string; exercise: string}[] = [];
    const visit = (dir: string, urlPath: string) => {
      for (const entry of readdirSync(dir, {withFileTypes: true})) {
        if (entry.isDirectory()) {
          if (entry.name !== 'en' && entry.name !== 'assets') visit(join(dir, entry.name), `${urlPath}/${entry.name}`);
        } else if (entry.name.endsWith('.html')) {
          const html = readFileSync(join(dir, entry.name), 'utf8');
          const page = entry.name === 'index.html' ? urlPath || '/' : `${urlPath}/${entry.name.replace(/\.html$/, '')}`;
          for (const m of html.matchAll(/data-exercise="?([a-z0-9-]+)/g)) out.push({path: page, exercise: m[1]});
        }
      }
    };
    visit(BUILD_DIR, '');
    return out;
  })();

  it('has a checker for every exercise folder of examples/', () => {
    const folders = readdirSync(EXAMPLES).filter((id) => existsSync(join(EXAMPLES, id, 'exercise.yaml')));
    expect([...new Set(pagesWithCheckers.map((p) => p.exercise))].sort()).toEqual(folders.sort());
  });

  it.each(pagesWithCheckers.map((p) => [p.exercise, p.path]))(
    '%s (%s): every wrong answer fails, every right answer passes',
    async (exercise, path) => {
      const opened = await open(path);
      const {page, errors} = opened;
      const section = await checkerFor(page, exercise);
      const answers = exerciseAnswers(parseExerciseFile(readFileSync(join(EXAMPLES, exercise, 'exercise.yaml'), 'utf8')));
      // Wrong answers first, so that each verdict below is a change from the one before.
      for (const {file, right} of [...answers.filter((a) => !a.right), ...answers.filter((a) => a.right)]) {
        const text = example(exercise, file);
        await replaceText(page, section, text);
        // The verdict is the one of this text (the checker says how many characters it judged).
        await section.locator(`[data-testid="checker"][data-pending="false"][data-judged-chars="${text.length}"]`).waitFor();
        expect({file, passed: await section.locator('[data-testid="checker"]').getAttribute('data-passed')}).toEqual({file, passed: String(right)});
        if (!right) expect(await section.locator('li[data-assertion][data-passed="false"] li[data-code]').count()).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      await closePage(opened);
    },
    120_000,
  );
});

describe('keyboard and screen readers', () => {
  it('by keyboard alone: Tab reaches "Edit", Enter opens the editor with the focus in it, Tab leaves it; the verdict is in a live region', async () => {
    const opened = await open('/authorization/practice-rbac');
    const {page} = opened;
    const section = await checkerFor(page, 'rbac-dev-user-pods');
    const edit = section.locator('[data-testid="edit"]');
    await edit.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await edit.evaluate((button) => document.activeElement === button)).toBe(true);
    await page.keyboard.press('Enter');
    await section.locator('.cm-content').waitFor({timeout: 20_000});
    await page.waitForFunction(() => Boolean(document.activeElement?.closest('.cm-editor')));
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))).toBe(false);
    expect(await section.locator('[data-testid="verdict"]').getAttribute('aria-live')).toBe('polite');
    expect(await section.locator('.cm-content').getAttribute('aria-label')).toBeTruthy();
    await closePage(opened);
  }, 60_000);
});

describe('without JavaScript', () => {
  it.each([['/container-security/practice-security-contexts'], ['/en/container-security/practice-security-contexts']])(
    '%s shows the starting manifest as a code block and the checks as a list',
    async (path) => {
      const opened = await open(path, {javaScriptEnabled: false});
      const section = opened.page.locator('section[data-exercise="secctx-ubuntu-sleeper-1010"]');
      const text = await section.innerText();
      expect(text).toContain('name: ubuntu-sleeper');
      expect(await section.locator('pre code').first().innerText()).toContain('image: ubuntu');
      expect(await section.locator('li').count()).toBeGreaterThanOrEqual(3);
      expect(await section.locator('details summary').count()).toBeGreaterThan(0);
      expect(await section.locator('.cm-editor').count()).toBe(0);
      await closePage(opened);
    },
    60_000,
  );
});

describe('the editor loads when the reader starts editing', () => {
  it.each([
    ['/authorization/practice-rbac', 'rbac-dev-user-pods'],
    ['/en/container-security/practice-security-contexts', 'secctx-ubuntu-sleeper-1010'],
  ])(
    '%s: the verdict and the highlighted text come first, CodeMirror only on "Edit", in a box that keeps its height',
    async (path, exercise) => {
      const opened = await open(path);
      const {page, errors, scripts} = opened;
      const section = await checkerFor(page, exercise);
      // Before any interaction: a verdict, the text highlighted as a code block, no CodeMirror code.
      expect((await section.locator('[data-testid="verdict"]').innerText()).length).toBeGreaterThan(0);
      expect(await section.locator('[data-testid="editor-preview"] pre code .token').count()).toBeGreaterThan(0);
      expect(await section.locator('.cm-editor').count()).toBe(0);
      const hasCodeMirror = () => scripts.some((s) => readFileSync(resolveBuildPath(BUILD_DIR, s)!, 'utf8').includes('cm-scroller'));
      expect(hasCodeMirror()).toBe(false);
      const box = section.locator('[data-testid="editor-box"]');
      // Where the box and the verdict under it are on the page (the click may scroll the page).
      const place = () =>
        section.evaluate((s) => {
          const top = (selector: string) => s.querySelector(selector)!.getBoundingClientRect().top + window.scrollY;
          return {
            box: s.querySelector('[data-testid="editor-box"]')!.getBoundingClientRect().height,
            boxTop: top('[data-testid="editor-box"]'),
            verdictTop: top('[data-testid="verdict"]'),
          };
        });
      const before = await place();
      await section.locator('[data-testid="edit"]').click();
      await section.locator('.cm-content').waitFor({timeout: 20_000});
      expect(hasCodeMirror()).toBe(true);
      // No layout shift: the box and what follows it stay where they were.
      const after = await place();
      expect(Math.abs(after.box - before.box)).toBeLessThanOrEqual(1);
      expect(Math.abs(after.boxTop - before.boxTop)).toBeLessThanOrEqual(1);
      expect(Math.abs(after.verdictTop - before.verdictTop)).toBeLessThanOrEqual(1);
      expect(await box.getAttribute('data-editing')).toBe('true');
      expect(errors).toEqual([]);
      await closePage(opened);
    },
    60_000,
  );
});

describe('what a page downloads', () => {
  // CodeMirror's view code names this class; the engine returns this access code as a string
  // literal (the UI strings in every page's main chunk only have it inside a longer id).
  const isCheckerCode = (path: string) => {
    const file = resolveBuildPath(BUILD_DIR, path);
    if (!file) return false;
    const text = readFileSync(file, 'utf8');
    return text.includes('cm-scroller') || /["'`]DENIED_NO_MATCHING_RULE["'`]/.test(text);
  };
  const gzip = (path: string) => gzipSync(readFileSync(resolveBuildPath(BUILD_DIR, path)!), {level: 9}).length;

  it.each([['/'], ['/overview/cluster-components'], ['/en/'], ['/en/overview/cluster-components']])(
    '%s (no checker) loads none of the checker code',
    async (path) => {
      const opened = await open(path);
      expect(opened.scripts.length).toBeGreaterThan(0);
      expect(opened.scripts.filter(isCheckerCode)).toEqual([]);
      expect(opened.errors).toEqual([]);
      await closePage(opened);
    },
    60_000,
  );

  it('a page with a checker loads the checker chunks (sizes in reports/checkers.json)', async () => {
    const plain = await open('/overview/cluster-components');
    const withChecker = await open('/authorization/practice-rbac');
    await checkerFor(withChecker.page, 'rbac-dev-user-pods');
    const base = new Set(plain.scripts);
    const extra = [...new Set(withChecker.scripts)].filter(isCheckerCode);
    expect(extra.length).toBeGreaterThan(0);
    const chunks = extra.filter((s) => !base.has(s)).map((s) => ({file: s, gzipBytes: gzip(s)}));
    report.chunks = chunks;
    report.checkerGzipKB = Number((chunks.reduce((n, c) => n + c.gzipBytes, 0) / 1024).toFixed(1));
    console.log(`checker chunks: ${chunks.map((c) => `${c.file} ${(c.gzipBytes / 1024).toFixed(1)} KB`).join(', ')}; total ${report.checkerGzipKB} KB gzipped`);
    await closePage(plain);
    await closePage(withChecker);
  }, 60_000);
});

describe('speed (reported, not asserted)', () => {
  it('measures keystroke to verdict on a 300-line manifest', async () => {
    const opened = await open('/authorization/practice-rbac');
    const {page} = opened;
    const section = await checkerFor(page, 'rbac-dev-user-pods');
    // The solution plus Roles in other namespaces, to about 300 lines.
    const extra = (i: number) =>
      `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader-${i}\n  namespace: team-${i}\n  labels:\n    team: t${i}\nrules:\n- apiGroups: [""]\n  resources: ["pods", "services", "configmaps"]\n  verbs: ["get", "list", "watch"]\n- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "list"]\n`;
    let text = example('rbac-dev-user-pods', 'solution.yaml').trimEnd() + '\n';
    for (let i = 0; text.split('\n').length < 300; i++) text += extra(i);
    const lines = text.split('\n').length;
    await replaceText(page, section, text);
    await section.locator('[data-testid="checker"][data-passed="true"]').waitFor();
    const samples: {evalMs: number; verdictMs: number; latencyMs: number}[] = [];
    let length = text.length;
    for (let i = 0; i < 8; i++) {
      // One keystroke at the end of the text (a comment character, then its removal), then wait
      // for the verdict of exactly that text.
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.press(i % 2 === 0 ? 'Shift+Digit3' : 'Backspace');
      length += i % 2 === 0 ? 1 : -1;
      await section.locator(`[data-testid="checker"][data-pending="false"][data-judged-chars="${length}"]`).waitFor();
      await page.waitForTimeout(100);
      const checker = section.locator('[data-testid="checker"]');
      samples.push({
        evalMs: Number(await checker.getAttribute('data-eval-ms')),
        verdictMs: Number(await checker.getAttribute('data-verdict-ms')),
        latencyMs: Number(await checker.getAttribute('data-latency-ms')),
      });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    report.speed = {
      lines,
      debounceMs: Number(await section.locator('[data-testid="checker"]').getAttribute('data-debounce-ms')),
      evaluationMsMedian: median(samples.map((s) => s.evalMs)),
      evaluationAndRenderMsMedian: median(samples.map((s) => s.verdictMs)),
      keystrokeToVerdictMsMedian: median(samples.map((s) => s.latencyMs)),
      samples,
    };
    console.log(`300-line manifest (${lines} lines): evaluation ${JSON.stringify(report.speed)}`);
    expect(samples.every((s) => Number.isFinite(s.evalMs) && s.evalMs > 0)).toBe(true);
    await closePage(opened);
  }, 90_000);
});
