/**
 * Content rules every page obeys, in both locales. Each failure message says what to change.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects content
 */
import {describe, expect, it} from '@jest/globals';
import {listCheckedFences, listHeadings, listPages, localeReferenceMismatch, referencesOf, type Page} from '../../scripts/lib/site-content';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {exerciseAnswers, listFences, parseExerciseFile, parseFenceRef, type Fence} from '../../src/core';
import {EXAMPLES_ROOT} from '../../scripts/lib/site-content';
import {resolveExampleText} from '../../src/plugins/remark-embed-examples';

const ko = listPages('ko');
const en = listPages('en');
const byPath = (pages: Page[]) => new Map(pages.map((p) => [p.path, p]));
const koByPath = byPath(ko);
const enByPath = byPath(en);
const all = [...ko, ...en];

describe('locale parity', () => {
  it('has pages at all', () => {
    expect(ko.length).toBeGreaterThan(1);
  });

  it.each(ko.map((p) => [p.path]))('docs/%s has an English twin', (path) => {
    expect({path, english: enByPath.has(path) ? 'present' : `missing: add i18n/en/docusaurus-plugin-content-docs/current/${path}`}).toEqual({
      path,
      english: 'present',
    });
  });

  it.each(en.map((p) => [p.path]))('i18n/en/.../%s has a Korean original', (path) => {
    expect({path, korean: koByPath.has(path) ? 'present' : `missing: add docs/${path} (Korean is the default locale)`}).toEqual({path, korean: 'present'});
  });

  const pairs = ko.filter((p) => enByPath.has(p.path)).map((p) => [p.path, p, enByPath.get(p.path)!] as const);

  it.each(pairs)('%s has the same heading ids, in the same order, in both locales', (_path, k, e) => {
    const ids = (p: Page) =>
      listHeadings(p.text)
        .filter((h) => h.depth === 2 || h.depth === 3)
        .map((h) => h.id ?? `(no id: "${h.text}")`);
    expect(ids(e)).toEqual(ids(k));
  });

  it.each(pairs)('%s embeds the same examples and checkers, in the same order, in both locales', (path, k, e) => {
    expect({path, problem: localeReferenceMismatch(k.text, e.text) ?? 'none'}).toEqual({path, problem: 'none'});
  });

  // The rule itself, on made-up pages: each way the locales can drift is caught and named.
  const GOOD = ['```yaml example="rbac-a/role.yaml"', '```', '```bash example="rbac-a#can-list"', '```', '<ManifestChecker exercise="netpol-b" />'].join('\n');
  it('lists references in page order, checkers last', () => {
    expect(referencesOf(GOOD)).toEqual(['rbac-a/role.yaml', 'rbac-a#can-list', '<component>netpol-b']);
  });
  it.each([
    ['a checker on the Korean page only', GOOD, GOOD.replace('<ManifestChecker exercise="netpol-b" />', ''), /only the Korean page embeds <component>netpol-b/],
    ['an example on the English page only', GOOD.replace('```bash example="rbac-a#can-list"\n```\n', ''), GOOD, /only the English page embeds rbac-a#can-list/],
    [
      'the same references in another order',
      GOOD,
      GOOD.split('\n').slice(2, 4).concat(GOOD.split('\n').slice(0, 2), GOOD.split('\n').slice(4)).join('\n'),
      /different order/,
    ],
    ['no English page', GOOD, undefined, /there is no English page on this path; only the Korean page embeds rbac-a\/role.yaml/],
  ] as const)('the locale rule catches %s', (_what, koText, enText, message) => {
    expect(localeReferenceMismatch(koText, enText)).toMatch(message);
    expect(localeReferenceMismatch(koText, koText)).toBeUndefined();
  });

  it.each(pairs)('%s has the same sidebar position and slug in both locales', (_path, k, e) => {
    expect({position: e.frontMatter.sidebar_position, slug: e.frontMatter.slug}).toEqual({position: k.frontMatter.sidebar_position, slug: k.frontMatter.slug});
  });

  it.each(pairs)('%s has as many corrections, diagrams and admonitions in both locales', (_path, k, e) => {
    const count = (p: Page, re: RegExp) => (p.text.match(re) ?? []).length;
    const shape = (p: Page, correction: RegExp) => ({
      corrections: count(p, correction),
      mermaid: count(p, /^```mermaid/gm),
      admonitions: count(p, /^:::(note|tip|info|warning|danger|caution)/gm),
    });
    expect(shape(e, /^:::warning\[Correction\]/gm)).toEqual(shape(k, /^:::warning\[정정\]/gm));
  });
});

/**
 * Messages only one way of applying produces. Server-side apply (`kubectl apply --server-side`,
 * and the verifier's `apply:`/`expectError:` steps) builds a typed patch and tracks field managers;
 * client-side `kubectl apply`/`create` reports "error when creating/applying patch" and needs the
 * last-applied annotation (k8s.io/kubectl pkg/cmd/apply/apply.go, k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go).
 */
const SERVER_SIDE_ONLY = [/failed to create typed patch object/, /Apply failed with \d+ conflicts?/];
const CLIENT_SIDE_ONLY = [/error when creating "/, /error when applying patch/, /missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/];

/** The line of a fence's closing marker. */
const closeLine = (f: Fence) => f.line + (f.body === '' ? 0 : f.body.split('\n').length) + 1;

/**
 * Each `text` block directly under a run of shell blocks (only blank lines between), with the
 * commands of those blocks as the page shows them.
 */
function outputsUnderCommands(text: string): {line: number; output: string; commands: string}[] {
  const lines = text.split(/\r?\n/);
  const blankBetween = (a: Fence, b: Fence) => lines.slice(closeLine(a), b.line - 1).every((l) => l.trim() === '');
  const fences = listFences(text);
  const out: {line: number; output: string; commands: string}[] = [];
  fences.forEach((f, i) => {
    if (f.lang !== 'text') return;
    const group: Fence[] = [];
    for (let j = i - 1; j >= 0 && ['bash', 'sh', 'shell', 'console'].includes(fences[j].lang) && blankBetween(fences[j], group[0] ?? f); j--)
      group.unshift(fences[j]);
    if (!group.length) return;
    const commands = group.map((g) => (parseFenceRef(g.meta).kind === 'step' ? (resolveExampleText(g.meta)?.text ?? '') : g.body)).join('\n');
    out.push({line: f.line, output: f.body, commands});
  });
  return out;
}

/** What is wrong with one output block and the commands above it ('' when they fit). */
function outputMismatch(output: string, commands: string): string {
  const applies = commands.split('\n').filter((c) => /\bkubectl\s+(apply|create)\b/.test(c));
  const serverSide = applies.some((c) => /--server-side\b/.test(c));
  const clientSide = applies.some((c) => !/--server-side\b/.test(c));
  if (SERVER_SIDE_ONLY.some((re) => re.test(output)) && !serverSide)
    return "the output is server-side apply's message; show `kubectl apply --server-side` (the command that produced it) or the message of the command shown";
  if (CLIENT_SIDE_ONLY.some((re) => re.test(output)) && !clientSide)
    return "the output is client-side kubectl apply/create's message; show that command, or the message of the command shown";
  return '';
}

/** The summary of the block that folds a reference answer, per locale. */
const ANSWER_SUMMARY = {ko: '정답 보기', en: 'Show the answer'} as const;
const ANSWER_MARK = {ko: /^\*\*(답|풀이)\*\*/, en: /^\*\*(Answer|Solution)\*\*/} as const;

/**
 * Where a checker's reference answer shows without being folded: the answer line after each
 * <ManifestChecker> and every fence that embeds one of the exercise's right answers must sit in a
 * `<details>` block with the locale's summary (a native element: it folds without JavaScript).
 */
function unfoldedAnswers(text: string, locale: 'ko' | 'en'): string[] {
  const lines = text.split(/\r?\n/);
  const inFence = new Array<boolean>(lines.length).fill(false);
  for (const f of listFences(text)) for (let l = f.line - 1; l < closeLine(f); l++) inFence[l] = true;
  // 0-based line ranges of <details> blocks with the answer summary.
  const folds: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (inFence[i] || lines[i].trim() !== '<details>') continue;
    const end = lines.findIndex((l, j) => j > i && !inFence[j] && l.trim() === '</details>');
    if (lines[i + 1]?.trim() === `<summary>${ANSWER_SUMMARY[locale]}</summary>` && end > i) folds.push([i, end]);
  }
  const folded = (line: number) => folds.some(([a, b]) => line > a && line < b);
  const problems: string[] = [];
  lines.forEach((line, i) => {
    const m = !inFence[i] && /^<ManifestChecker\s+exercise="([a-z0-9-]+)"/.exec(line);
    if (!m) return;
    const id = m[1];
    const sectionEnd = lines.findIndex((l, j) => j > i && !inFence[j] && /^#{1,3} /.test(l));
    const mark = lines.findIndex((l, j) => j > i && (sectionEnd < 0 || j < sectionEnd) && !inFence[j] && ANSWER_MARK[locale].test(l));
    if (mark >= 0 && !folded(mark))
      problems.push(`line ${mark + 1}: the answer to ${id} is not folded: put it in <details> with <summary>${ANSWER_SUMMARY[locale]}</summary>`);
    const exerciseFile = join(EXAMPLES_ROOT, id, 'exercise.yaml');
    if (!existsSync(exerciseFile)) return;
    const exercise = parseExerciseFile(readFileSync(exerciseFile, 'utf8'));
    // A right answer that is also what the reader starts from (a question that only asks to read a file) reveals nothing.
    const shown = new Set([exercise.start, exercise.given]);
    const right = new Set(
      exerciseAnswers(exercise)
        .filter((a) => a.right && !shown.has(a.file))
        .map((a) => `${id}/${a.file}`),
    );
    for (const f of listFences(text)) {
      const ref = parseFenceRef(f.meta);
      if (ref.kind === 'file' && right.has(`${ref.example}/${ref.file}`) && !folded(f.line - 1))
        problems.push(
          `line ${f.line}: ${ref.example}/${ref.file} is a right answer of a checker: fold it in <details> with <summary>${ANSWER_SUMMARY[locale]}</summary>`,
        );
    }
  });
  return problems;
}

describe('folded-answer rule', () => {
  const page = (body: string) => `<ManifestChecker exercise="rbac-dev-user-pods" />\n\n${body}\n\n### next {#next}\n`;
  const fence = '```yaml example="rbac-dev-user-pods/solution.yaml"\n```';
  it('fails an answer in the open and passes it folded', () => {
    expect(unfoldedAnswers(page(`**풀이**: x\n\n${fence}`), 'ko')).toHaveLength(2);
    expect(unfoldedAnswers(page(`<details>\n<summary>정답 보기</summary>\n\n**풀이**: x\n\n${fence}\n\n</details>`), 'ko')).toEqual([]);
    expect(unfoldedAnswers(page(`<details>\n<summary>Show</summary>\n\n**Solution**: x\n\n${fence}\n\n</details>`), 'en')).toHaveLength(2);
  });
});

describe('output-under-command rule', () => {
  it('catches a server-side apply message under a client-side apply, and accepts the right pairs', () => {
    const ssa = 'Error from server: failed to create typed patch object (default/p; /v1, Kind=Pod): .spec.x: expected numeric';
    expect(outputMismatch(ssa, 'kubectl apply -f wrong.yaml')).toMatch(/server-side/);
    expect(outputMismatch(ssa, 'kubectl apply --server-side -f wrong.yaml')).toBe('');
    expect(outputMismatch('Error from server (BadRequest): error when creating "w.yaml": ...', 'kubectl apply --server-side -f w.yaml')).toMatch(/client-side/);
    const page = '```bash norun="x"\nkubectl apply -f w.yaml\n```\n\n```text\n' + ssa + '\n```\n';
    expect(outputsUnderCommands(page).map((o) => outputMismatch(o.output, o.commands))).toEqual([expect.stringMatching(/server-side/)]);
  });
});

describe.each(all.map((p) => [`${p.locale}:${p.path}`, p] as const))('%s', (_name, page) => {
  it('folds the reference answer of every checker (정답 보기 / Show the answer)', () => {
    expect(unfoldedAnswers(page.text, page.locale)).toEqual([]);
  });

  it('shows under a command only output that command produces', () => {
    const problems = outputsUnderCommands(page.text)
      .map((o) => ({line: o.line, problem: outputMismatch(o.output, o.commands)}))
      .filter((o) => o.problem)
      .map((o) => `line ${o.line}: ${o.problem}`);
    expect(problems).toEqual([]);
  });

  it('has complete front matter (title, description, sidebar_position)', () => {
    const fm = page.frontMatter;
    const problems = [
      typeof fm.title === 'string' && fm.title.trim() ? null : 'title',
      typeof fm.description === 'string' && fm.description.trim().length >= 20 ? null : 'description (one sentence, 20+ characters)',
      typeof fm.sidebar_position === 'number' ? null : 'sidebar_position (a number)',
    ].filter(Boolean);
    expect({missing: problems}).toEqual({missing: []});
  });

  it('gives every h2/h3 an explicit ASCII id ({#kebab-case}), unique on the page', () => {
    const headings = listHeadings(page.text).filter((h) => h.depth === 2 || h.depth === 3);
    const bad = headings.filter((h) => !h.id || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(h.id)).map((h) => `line ${h.line}: "${h.text}" needs {#ascii-id}`);
    const ids = headings.map((h) => h.id).filter(Boolean);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `duplicate id #${id}`);
    expect([...bad, ...duplicates]).toEqual([]);
  });

  it('has exactly one h1 (the page title)', () => {
    expect(
      listHeadings(page.text)
        .filter((h) => h.depth === 1)
        .map((h) => h.text),
    ).toHaveLength(1);
  });

  it('shows manifests and commands only from examples/ or marked norun="reason"', () => {
    const problems = listCheckedFences(page.text).flatMap(({fence, ref}) => {
      const where = `line ${fence.line} (\`\`\`${fence.lang} ${fence.meta})`;
      if (ref.kind === 'error') return [`${where}: ${ref.message}`];
      if (ref.kind === 'none') return [`${where}: embed it from examples/ (example="<id>/<file>") or mark it norun="<why it is not run>"`];
      if ((ref.kind === 'file' || ref.kind === 'step') && fence.body.trim() !== '')
        return [`${where}: an example= fence must be empty; its text comes from examples/${ref.example}`];
      return [];
    });
    expect(problems).toEqual([]);
  });
});
