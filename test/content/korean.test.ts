/**
 * Korean text follows the site's glossary (CONTRIBUTING.md, "Korean terms", between the
 * glossary:start/end markers) and the kubernetes.io Korean localization guide
 * (kubernetes/website content/ko/docs/contribute/localization_ko.md): no rejected term in the
 * Korean pages, in i18n/ko/code.json or in the `ko` texts of exercise.yaml; headings not in the
 * imperative; UI strings in the pages' register (평어체).
 *
 * Skipped, because they are someone else's words or not prose: fenced and inline code, quotations
 * ("…" and `>` blocks) and `:::note[노트의 메모]` boxes (the notes' own words).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects content -- test/content/korean.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {load} from 'js-yaml';
import {EXAMPLES_ROOT, ROOT, listHeadings, listPages} from '../../scripts/lib/site-content';

interface Rejected {
  /** As written in the glossary, for the failure message. */
  term: string;
  re: RegExp;
  use: string;
}

/** The rejected terms of the glossary table: `literal` or `/regex/` items of the third column. */
export function readGlossary(markdown: string): Rejected[] {
  const start = markdown.indexOf('<!-- glossary:start -->');
  const end = markdown.indexOf('<!-- glossary:end -->');
  if (start < 0 || end < start) throw new Error('CONTRIBUTING.md has no <!-- glossary:start --> ... <!-- glossary:end --> table');
  const out: Rejected[] = [];
  for (const row of markdown.slice(start, end).split('\n')) {
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
    if (cells.length < 4 || cells[1] === 'English' || /^-+$/.test(cells[1])) continue;
    const use = cells[2];
    for (const m of cells[3].matchAll(/`([^`]+)`/g)) {
      const item = m[1];
      const re = /^\/.+\/$/.test(item) ? new RegExp(item.slice(1, -1), 'm') : new RegExp(item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      out.push({term: item, re, use});
    }
  }
  return out;
}

/** The prose of a page, line by line, without code, quotations and the notes' boxes (blank in their place). */
export function proseLines(text: string): string[] {
  let fence = false;
  let notes = false;
  const lines = text.split(/\r?\n/).map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      return '';
    }
    if (fence) return '';
    if (line.startsWith(':::note[노트의 메모')) {
      notes = true;
      return '';
    }
    if (notes) {
      if (line.trim() === ':::') notes = false;
      return '';
    }
    if (line.startsWith('>')) return '';
    return line.replace(/`[^`]*`/g, '``');
  });
  // Quotations may run over a line break; keep the line breaks so line numbers stay right.
  const blank = (q: string) => q.replace(/[^\n]/g, '');
  return lines
    .join('\n')
    .replace(/"[^"]*"/g, blank)
    .replace(/“[^”]*”/g, blank)
    .split('\n');
}

function problemsIn(lines: string[], glossary: Rejected[], where: (i: number) => string): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    for (const g of glossary) if (g.re.test(line)) out.push(`${where(i)}: "${g.term}" -> ${g.use} (CONTRIBUTING.md, Korean terms)`);
  });
  return out;
}

/** A heading that tells the reader to do something (…하라, …고쳐라, …하세요). */
const IMPERATIVE = /(하라|마라|해라|어라|아라|워라|쳐라|꿔라|려라|세요|십시오)$/;
/** A sentence that ends in the imperative (the localization guide's 명령형 rule: 평어체 or 청유형 instead). */
const IMPERATIVE_SENTENCE = /(하라|마라|해라|쳐라|꿔라|들어라|어라|아라|워라)[.!]/;
/** 합니다체/해요체 endings, where the pages say …한다. */
const POLITE = /(습니다|합니다|됩니다|입니다|세요|십시오|해요|예요|에요|어요|아요)[.!?]?$/;

const glossary = readGlossary(readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8'));
const pages = listPages('ko');

describe('the glossary check', () => {
  it('reads the rejected terms from CONTRIBUTING.md', () => {
    expect(glossary.map((g) => g.term)).toEqual(
      expect.arrayContaining(['객체', '구성 요소', '정적 파드', '이름풀이', '애너테이션', '하위 리소스', '행세', '이긴다', '같은 높이']),
    );
  });
  it('catches a rejected term in prose and leaves code, quotations and the notes alone', () => {
    const page = [
      'API 객체를 만든다.',
      '`객체`',
      '노트는 "객체이다"라고 적었다.',
      ':::note[노트의 메모]',
      '시크릿 객체이다',
      ':::',
      '> a 객체',
      '파드를 지우면 토큰도 곧 무효가 된다.',
      '설정, 곧 필드다.',
    ].join('\n');
    expect(problemsIn(proseLines(page), glossary, (i) => `line ${i + 1}`)).toEqual([
      'line 1: "객체" -> 오브젝트 (CONTRIBUTING.md, Korean terms)',
      'line 9: "/[,.]\\s+곧 /" -> 즉 (CONTRIBUTING.md, Korean terms)',
    ]);
  });
  it('tells an imperative heading and a polite UI string', () => {
    expect(['권한을 추가하라', '문제를 고쳐라', '권한을 추가한다', '카메라'].map((h) => IMPERATIVE.test(h))).toEqual([true, true, false, false]);
    expect(['복사했습니다', '다시 시도해 보세요', '복사했다', '이 필드가 아니다'].map((m) => POLITE.test(m))).toEqual([true, true, false, false]);
  });
});

describe.each(pages.map((p) => [p.path, p] as const))('docs/%s', (_path, page) => {
  it('uses the glossary terms', () => {
    expect(problemsIn(proseLines(page.text), glossary, (i) => `line ${i + 1}`)).toEqual([]);
  });
  it('states a task instead of commanding it (…한다, not …하라)', () => {
    const bad = proseLines(page.text).flatMap((line, i) => (IMPERATIVE_SENTENCE.test(line) ? [`line ${i + 1}: ${line.trim().slice(0, 60)}`] : []));
    expect(bad).toEqual([]);
  });
  it('has no heading in the imperative', () => {
    const bad = listHeadings(page.text)
      .filter((h) => IMPERATIVE.test(h.text.replace(/\s*\{#[^}]*\}\s*$/, '').trim()))
      .map((h) => `line ${h.line}: "${h.text}": state it (…한다), as the localization guide's 명령형 rule says`);
    expect(bad).toEqual([]);
  });
});

describe('i18n/ko/code.json', () => {
  const messages = Object.entries(JSON.parse(readFileSync(join(ROOT, 'i18n/ko/code.json'), 'utf8')) as Record<string, {message: string}>);
  it('uses the glossary terms', () => {
    const lines = messages.map(([, v]) => proseLines(v.message).join(' '));
    expect(problemsIn(lines, glossary, (i) => messages[i][0])).toEqual([]);
  });
  it("speaks in the pages' register (평어체)", () => {
    expect(messages.filter(([, v]) => POLITE.test(v.message.trim())).map(([k, v]) => `${k}: "${v.message}"`)).toEqual([]);
  });
});

describe('the ko texts of exercise.yaml', () => {
  const texts = readdirSync(EXAMPLES_ROOT, {withFileTypes: true})
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      let data: unknown;
      try {
        data = load(readFileSync(join(EXAMPLES_ROOT, d.name, 'exercise.yaml'), 'utf8'));
      } catch {
        return [];
      }
      const assertions = (data as {assertions?: {id: string; describe?: {ko?: string}}[]}).assertions ?? [];
      return assertions.map((a) => ({where: `examples/${d.name}/exercise.yaml ${a.id}`, ko: a.describe?.ko ?? ''}));
    });
  it('use the glossary terms', () => {
    expect(texts.length).toBeGreaterThan(0);
    expect(
      problemsIn(
        texts.map((t) => proseLines(t.ko).join(' ')),
        glossary,
        (i) => texts[i].where,
      ),
    ).toEqual([]);
  });
});
