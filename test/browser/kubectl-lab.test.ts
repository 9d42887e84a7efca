/**
 * The kubectl lab (<KubectlLab>, issue 16) on the built site, in Chromium, in both locales:
 * - on every practice page, typing the page's answer commands in each exercise's lab makes
 *   "Check" pass, and a wrong command sequence makes it fail;
 * - "Run in the lab" under a command block opens the lab and runs that very command;
 * - the terminal's keys: history, Tab completion, Ctrl-L, Ctrl-C, a multi-line paste;
 * - the lab is its own chunk, downloaded only when the reader opens it, and stays under its
 *   byte budget (LAB_CHUNK_BUDGET_KB of gzipped JavaScript);
 * - axe-core finds no serious or critical violation with every lab of a page open.
 *
 * The answers are the page's own commands: the test reads them from the page's "Run in the lab"
 * buttons (the command blocks of the answer), by step name. Where the answer on the page is YAML,
 * the test types that file into the lab's buffer and runs `kubectl apply -f answer.yaml`.
 *
 * Needs a built site with both locales and Debian's Chromium (/usr/bin/chromium).
 * Reproduce: npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects browser --runInBand test/browser/kubectl-lab.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import type {Locator, Page} from 'playwright-core';
import {scrollThroughCheckers, watchErrors} from '../support/browser';
import {BUILD_DIR, requireBuild, useBuiltSite} from '../support/built-site';
import {parseStepFile, stepCommand} from '../../src/core';

requireBuild(['ko', 'en']);
const site = useBuiltSite();

/** The lab's own chunk may weigh at most this much gzipped (issue 16). */
const LAB_CHUNK_BUDGET_KB = 120;

const ROOT = process.cwd();
const EXAMPLES = join(ROOT, 'examples');
const example = (id: string, file: string) => readFileSync(join(EXAMPLES, id, file), 'utf8');

/** The command of a named step of an example, as the page shows it. */
function step(id: string, name: string): string {
  const file = parseStepFile(example(id, 'steps.yaml'), `examples/${id}/steps.yaml`);
  const found = file.steps.find((s) => s.name === name);
  const command = found && stepCommand(found);
  if (!command) throw new Error(`examples/${id}/steps.yaml has no command step named ${name}`);
  return command;
}

/**
 * One way to type an answer: `steps` are commands the page shows (checked against its "Run in
 * the lab" buttons), `buffer` a file typed into answer.yaml first, `commands` more lines.
 * `dryRunOff`: the page shows the command with `--dry-run=client -o yaml` (to print the YAML it
 * would send); in the lab the reader runs it without, to create the object.
 */
interface Typing {
  steps?: string[];
  dryRunOff?: boolean;
  buffer?: string;
  commands?: string[];
}

/** The answer and a wrong attempt of every exercise with a lab. */
const EXERCISES: Record<string, {right: Typing; wrong: Typing}> = {
  'rbac-dev-user-pods': {
    right: {steps: ['create-role', 'create-rolebinding']},
    // Without delete: "dev-user can delete pods" fails.
    wrong: {
      commands: [
        'kubectl create role developer --verb=create,list --resource=pods',
        'kubectl create rolebinding dev-user-binding --role=developer --user=dev-user',
      ],
    },
  },
  'rbac-blue-dark-blue-app': {
    right: {buffer: 'solution.yaml', commands: ['kubectl apply -f answer.yaml']},
    wrong: {buffer: 'wrong.yaml', commands: ['kubectl apply -f answer.yaml']},
  },
  'rbac-blue-deployments': {
    right: {buffer: 'solution.yaml', commands: ['kubectl apply -f answer.yaml']},
    wrong: {buffer: 'wrong.yaml', commands: ['kubectl apply -f answer.yaml']},
  },
  'clusterrole-michelle-nodes': {
    right: {steps: ['create-clusterrole', 'create-clusterrolebinding'], dryRunOff: true},
    // The ClusterRole without its binding: michelle still cannot list nodes.
    wrong: {steps: ['create-clusterrole'], dryRunOff: true},
  },
  'clusterrole-michelle-storage': {
    right: {steps: ['create-clusterrole', 'create-clusterrolebinding'], dryRunOff: true},
    wrong: {
      commands: [
        'kubectl create clusterrole storage-admin --resource=persistentvolumes --verb=get,list,watch,create,delete',
        'kubectl create clusterrolebinding michelle-storage-admin --clusterrole=storage-admin --user=michelle',
      ],
    },
  },
  'secctx-ubuntu-sleeper-1010': {
    right: {steps: ['replace-force']},
    wrong: {buffer: 'wrong-run-as-group.yaml', commands: ['kubectl replace --force -f answer.yaml']},
  },
  'secctx-multi-pod': {right: {steps: ['apply-multi-pod']}, wrong: {commands: ['kubectl delete pod multi-pod']}},
  'secctx-ubuntu-sleeper-root-sys-time': {
    right: {steps: ['replace-force']},
    wrong: {buffer: 'wrong.yaml', commands: ['kubectl replace --force -f answer.yaml']},
  },
  'secctx-ubuntu-sleeper-net-admin': {
    right: {steps: ['replace-force']},
    wrong: {buffer: 'wrong-still-1010.yaml', commands: ['kubectl replace --force -f answer.yaml']},
  },
  'image-private-reg-cred': {
    right: {steps: ['create-secret']},
    wrong: {commands: ['kubectl create secret generic private-reg-cred --from-literal=username=dock_user']},
  },
  'image-deployment-pull-secret': {
    right: {buffer: 'solution.yaml', commands: ['kubectl apply -f answer.yaml']},
    wrong: {buffer: 'wrong.yaml', commands: ['kubectl apply -f answer.yaml']},
  },
  'netpol-internal-policy': {right: {steps: ['apply-solution']}, wrong: {buffer: 'wrong.yaml', commands: ['kubectl apply -f answer.yaml']}},
  'sa-dashboard-sa': {right: {steps: ['create-sa']}, wrong: {commands: ['kubectl create serviceaccount dashboard']}},
  'sa-dashboard-deployment': {right: {steps: ['set-serviceaccount']}, wrong: {buffer: 'wrong.yaml', commands: ['kubectl apply -f answer.yaml']}},
};

/** Practice pages (docs/<topic>/practice-*.mdx) and the exercises whose labs they hold, in page order. */
function practicePages(): {path: string; exercises: string[]}[] {
  const out: {path: string; exercises: string[]}[] = [];
  for (const topic of readdirSync(join(ROOT, 'docs'), {withFileTypes: true})) {
    if (!topic.isDirectory()) continue;
    for (const file of readdirSync(join(ROOT, 'docs', topic.name)).filter((f) => /^practice-.*\.mdx$/.test(f))) {
      const text = readFileSync(join(ROOT, 'docs', topic.name, file), 'utf8');
      const exercises = [...text.matchAll(/^<KubectlLab exercise="([a-z0-9-]+)" \/>$/gm)].map((m) => m[1]);
      out.push({path: `/${topic.name}/${file.replace(/\.mdx$/, '')}`, exercises});
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

const PAGES = practicePages();
const LOCALES = [
  {name: 'Korean', prefix: ''},
  {name: 'English', prefix: '/en'},
] as const;

async function open(path: string): Promise<{page: Page; errors: string[]; scripts: string[]}> {
  const context = await site.browser.newContext({viewport: {width: 1200, height: 900}});
  const page = await context.newPage();
  const errors = watchErrors(page);
  const scripts: string[] = [];
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('.js')) scripts.push(p);
  });
  await page.goto(site.url + path, {waitUntil: 'networkidle'});
  await scrollThroughCheckers(page);
  return {page, errors, scripts};
}

/** Opens the lab of an exercise (unless open) and returns its section once the terminal is there. */
async function openLab(page: Page, id: string): Promise<Locator> {
  const lab = page.locator(`section[data-kubectl-lab="${id}"]`);
  if ((await lab.locator('[data-testid="lab-input"]').count()) === 0) await lab.locator('[data-testid="lab-open"]').click();
  await lab.locator('[data-testid="lab-input"]').waitFor({timeout: 20_000});
  return lab;
}

/**
 * Enters a command line in the lab's input and presses Enter. `keys`: type it key by key (the
 * keyboard test); otherwise the line is filled at once, as a paste would, which is much faster
 * on a busy machine and goes through the same input.
 */
async function typeCommand(page: Page, lab: Locator, command: string, keys = false): Promise<void> {
  const input = lab.locator('[data-testid="lab-input"]');
  if (keys) {
    await input.click();
    await page.keyboard.type(command);
  } else {
    await input.fill(command);
  }
  await input.press('Enter');
}

/** The commands of `typing`, the page's steps read from its "Run in the lab" buttons. */
async function commandsOf(page: Page, id: string, typing: Typing): Promise<string[]> {
  const out: string[] = [];
  for (const name of typing.steps ?? []) {
    const command = step(id, name);
    const onPage = await page.locator('[data-testid="run-in-lab"]').evaluateAll((els, c) => els.some((e) => e.getAttribute('data-command') === c), command);
    if (!onPage) throw new Error(`${page.url()}: no "Run in the lab" button runs \`${command}\` (step ${id}#${name})`);
    out.push(typing.dryRunOff ? command.replace(/ --dry-run=client -o yaml$/, '') : command);
  }
  return [...out, ...(typing.commands ?? [])];
}

async function typeAnswer(page: Page, lab: Locator, id: string, typing: Typing): Promise<void> {
  if (typing.buffer) {
    const details = lab.locator('details').filter({has: page.locator('[data-testid="lab-buffer"]')});
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await lab.locator('[data-testid="lab-buffer"]').fill(example(id, typing.buffer));
  }
  for (const command of await commandsOf(page, id, typing)) await typeCommand(page, lab, command);
}

async function verdict(lab: Locator): Promise<{passed: boolean; failing: string[]; output: string}> {
  const before = Number(await lab.locator('[data-testid="lab"]').getAttribute('data-checks'));
  await lab.locator('[data-testid="lab-check"]').click();
  const result = lab.locator(`[data-testid="lab-result"][data-checked="${before + 1}"]`);
  await result.waitFor({timeout: 10_000});
  const failing = await result.locator('li[data-assertion][data-passed="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-assertion') ?? ''));
  return {passed: (await result.getAttribute('data-passed')) === 'true', failing, output: await lab.locator('[data-testid="lab-output"]').innerText()};
}

describe('practice pages have labs', () => {
  it('every practice page has a lab for each of its exercises, the same in both locales', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(6);
    for (const {path, exercises} of PAGES) {
      const korean = readFileSync(join(ROOT, 'docs', `${path}.mdx`), 'utf8');
      const english = readFileSync(join(ROOT, 'i18n/en/docusaurus-plugin-content-docs/current', `${path}.mdx`), 'utf8');
      const checkers = [...korean.matchAll(/^<ManifestChecker exercise="([a-z0-9-]+)" \/>$/gm)].map((m) => m[1]);
      expect({path, labs: exercises}).toEqual({path, labs: checkers});
      expect({path, labs: [...english.matchAll(/^<KubectlLab exercise="([a-z0-9-]+)" \/>$/gm)].map((m) => m[1])}).toEqual({path, labs: exercises});
      expect(exercises.length).toBeGreaterThan(0);
    }
    expect(Object.keys(EXERCISES).sort()).toEqual(PAGES.flatMap((p) => p.exercises).sort());
  });
});

describe.each(LOCALES)('the lab in $name', ({prefix}) => {
  it.each(PAGES.map((p) => [p.path, p.exercises] as const))(
    '%s: the answer commands pass the check, a wrong sequence fails it',
    async (path, exercises) => {
      const {page, errors} = await open(prefix + path);
      for (const id of exercises) {
        const lab = await openLab(page, id);
        const {right, wrong} = EXERCISES[id];
        await typeAnswer(page, lab, id, right);
        const good = await verdict(lab);
        if (!good.passed) throw new Error(`${prefix + path} ${id}: the answer fails ${good.failing.join(', ')}. Terminal:\n${good.output}`);

        await lab.locator('[data-testid="lab-reset"]').click();
        await typeAnswer(page, lab, id, wrong);
        const bad = await verdict(lab);
        if (bad.passed) throw new Error(`${prefix + path} ${id}: the wrong sequence passes. Terminal:\n${bad.output}`);
        expect(bad.failing.length).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
    180_000,
  );
});

describe('the terminal', () => {
  it('"Run in the lab" opens the lab of the page and runs that command; the lab chunk loads only then', async () => {
    const {page, errors, scripts} = await open('/authorization/practice-rbac');
    expect(scripts.filter((s) => /kubectl-lab/.test(s))).toEqual([]);
    const command = step('rbac-dev-user-pods', 'create-role');
    const button = page.locator(`[data-testid="run-in-lab"][data-command="${command}"]`);
    expect(await button.getAttribute('data-lab')).toBe('rbac-dev-user-pods');
    // The command is part of the folded answer: unfold it first, as a reader does.
    await page.locator('details', {has: button}).locator('summary').first().click();
    await button.click();
    const lab = page.locator('section[data-kubectl-lab="rbac-dev-user-pods"]');
    await lab.locator('[data-testid="lab-output"] [data-kind="stdout"]').first().waitFor({timeout: 20_000});
    const output = await lab.locator('[data-testid="lab-output"]').innerText();
    expect(output).toContain(command);
    expect(output).toContain('role.rbac.authorization.k8s.io/developer created');
    expect(scripts.filter((s) => /kubectl-lab/.test(s)).length).toBe(1);
    // A step of another example on the page goes to the nearest lab above it, or the first one.
    const other = page.locator(`[data-testid="run-in-lab"][data-command="${step('rbac-kube-proxy-role', 'describe-role')}"]`);
    expect(await other.getAttribute('data-lab')).toBe('rbac-dev-user-pods');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('history, Tab completion, Ctrl-L, Ctrl-C and a multi-line paste work from the keyboard', async () => {
    const {page, errors} = await open('/en/service-accounts/practice-service-accounts');
    const lab = await openLab(page, 'sa-dashboard-sa');
    const input = lab.locator('[data-testid="lab-input"]');
    const output = lab.locator('[data-testid="lab-output"]');
    await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await typeCommand(page, lab, 'kubectl create serviceaccount dashboard-sa', true);
    await typeCommand(page, lab, 'kubectl get serviceaccounts', true);
    expect(await output.innerText()).toContain('serviceaccount/dashboard-sa created');
    // ArrowUp twice brings back the first command.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await input.inputValue()).toBe('kubectl create serviceaccount dashboard-sa');
    await page.keyboard.press('ArrowDown');
    expect(await input.inputValue()).toBe('kubectl get serviceaccounts');
    // Ctrl-C cancels the line.
    await page.keyboard.press('Control+c');
    expect(await input.inputValue()).toBe('');
    expect(await output.innerText()).toContain('kubectl get serviceaccounts^C');
    // Tab completes a command word and the name of an object of the lab.
    await page.keyboard.type('kubectl descr');
    await page.keyboard.press('Tab');
    expect(await input.inputValue()).toBe('kubectl describe ');
    await page.keyboard.type('serviceaccount dashb');
    await page.keyboard.press('Tab');
    expect(await input.inputValue()).toBe('kubectl describe serviceaccount dashboard-sa ');
    await page.keyboard.press('Enter');
    expect(await output.innerText()).toContain('Name:');
    // Ctrl-L clears the screen.
    await page.keyboard.press('Control+l');
    expect(await output.locator('[data-kind]').count()).toBe(0);
    // A paste of two lines runs both.
    await input.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'kubectl get sa dashboard-sa -o name\nkubectl get ns default -o name\n');
      el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    });
    await output.locator('[data-kind="stdout"]').nth(1).waitFor();
    expect(await output.innerText()).toMatch(/serviceaccount\/dashboard-sa[\s\S]*namespace\/default/);
    // Tab on an empty line leaves the terminal (no keyboard trap).
    await page.keyboard.press('Tab');
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it(`the lab's chunk is at most ${LAB_CHUNK_BUDGET_KB} KB gzipped`, () => {
    const dir = join(BUILD_DIR, 'assets', 'js');
    const chunks = readdirSync(dir).filter((f) => /(^|\.)kubectl-lab\.[0-9a-f]+\.js$|^kubectl-lab/.test(f));
    expect(chunks.length).toBe(1);
    const kb = gzipSync(readFileSync(join(dir, chunks[0])), {level: 9}).length / 1024;
    if (kb > LAB_CHUNK_BUDGET_KB) throw new Error(`${chunks[0]}: ${kb.toFixed(1)} KB gzipped is over the lab's budget of ${LAB_CHUNK_BUDGET_KB} KB`);
    expect(kb).toBeGreaterThan(1);
  });

  it('axe-core finds no serious or critical violation with every lab of a page open and used', async () => {
    const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    for (const path of ['/authorization/practice-rbac', '/en/container-security/practice-security-contexts']) {
      const {page} = await open(path);
      const ids = await page.locator('section[data-kubectl-lab]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kubectl-lab') ?? ''));
      for (const id of ids) {
        const lab = await openLab(page, id);
        await typeCommand(page, lab, 'kubectl get pods');
        await lab.locator('[data-testid="lab-check"]').click();
        await lab.locator('[data-testid="lab-result"]').waitFor();
      }
      await page.addScriptTag({path: AXE});
      const violations = (await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {run(context: Document, options: object): Promise<{violations: {id: string; impact: string | null; nodes: {target: string[]}[]}[]}>};
          }
        ).axe;
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return result.violations;
      })) as {id: string; impact: string | null; nodes: {target: string[]}[]}[];
      expect({
        path,
        violations: violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
      }).toEqual({path, violations: []});
      await page.context().close();
    }
  }, 120_000);
});
