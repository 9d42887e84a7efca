/**
 * Reads the site's pages and example folders for the content tests and the example verifier.
 * Node-only (fs); the parsing of fences and step files is the pure core's (src/core/examples).
 *
 * Korean pages live in docs/, English pages on the same relative paths under
 * i18n/en/docusaurus-plugin-content-docs/current/.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {load} from 'js-yaml';
import {CHECKED_FENCE_LANGUAGES, listFences, parseFenceRef, type Fence, type FenceRef} from '../../src/core';

export const ROOT = process.cwd();
export const LOCALE_DIRS = {
  ko: join(ROOT, 'docs'),
  en: join(ROOT, 'i18n', 'en', 'docusaurus-plugin-content-docs', 'current'),
} as const;
export type Locale = keyof typeof LOCALE_DIRS;
export const EXAMPLES_ROOT = join(ROOT, 'examples');

export interface Page {
  locale: Locale;
  /** Path relative to the locale's docs folder, with forward slashes, e.g. "authorization/rbac.mdx". */
  path: string;
  file: string;
  text: string;
  frontMatter: Record<string, unknown>;
  /** Line (1-based) where the body starts, after the front matter. */
  bodyLine: number;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Splits `---\nyaml\n---\n` front matter from a page. */
export function splitFrontMatter(text: string): {frontMatter: Record<string, unknown>; bodyLine: number} {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!m) return {frontMatter: {}, bodyLine: 1};
  const data = load(m[1]);
  return {
    frontMatter: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {},
    bodyLine: m[0].split('\n').length,
  };
}

export function listPages(locale: Locale): Page[] {
  const dir = LOCALE_DIRS[locale];
  return walk(dir)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      return {locale, path: relative(dir, file).split(sep).join('/'), file, text, ...splitFrontMatter(text)};
    });
}

export interface Heading {
  depth: number;
  text: string;
  id?: string;
  line: number;
}

/** h1..h6 headings outside code fences, with their explicit `{#id}` if any. */
export function listHeadings(text: string): Heading[] {
  const headings: Heading[] = [];
  let fence: string | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    const h = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (!h) return;
    const id = /\{#([^}]*)\}\s*$/.exec(h[2]);
    headings.push({depth: h[1].length, text: h[2].replace(/\s*\{#[^}]*\}\s*$/, ''), id: id?.[1], line: i + 1});
  });
  return headings;
}

export interface ExampleUse {
  fence: Fence;
  ref: FenceRef | {kind: 'error'; message: string};
}

/** The checked fences of a page (yaml, bash, ...) with what each refers to. */
export function listCheckedFences(text: string): ExampleUse[] {
  return listFences(text)
    .filter((fence) => CHECKED_FENCE_LANGUAGES.has(fence.lang))
    .map((fence) => ({fence, ref: parseFenceRef(fence.meta)}));
}

/** "id/file" or "id#step" for every example= fence of a page, in page order. */
export function exampleRefsOf(text: string): string[] {
  return listFences(text)
    .map((fence) => parseFenceRef(fence.meta))
    .flatMap((ref) => (ref.kind === 'file' ? [`${ref.example}/${ref.file}`] : ref.kind === 'step' ? [`${ref.example}#${ref.step}`] : []));
}

/** JSX checker components that name an example folder, e.g. <ManifestChecker exercise="rbac-dev-user-pods" />. */
export function componentExampleIdsOf(text: string): string[] {
  return [...text.matchAll(/<[A-Z]\w*\s[^>]*?\b(?:exercise|example)="([a-z0-9-]+)"/g)].map((m) => m[1]);
}

/** The references of a page, in order: "id/file", "id#step" (fences of any language), then "<component>id". */
export function referencesOf(text: string): string[] {
  return [...exampleRefsOf(text), ...componentExampleIdsOf(text).map((id) => `<component>${id}`)];
}

/**
 * Why the Korean and the English page on one path do not embed the same examples and checkers
 * in the same order, or undefined when they do. A missing page embeds nothing.
 */
export function localeReferenceMismatch(koText: string | undefined, enText: string | undefined): string | undefined {
  const koRefs = koText === undefined ? [] : referencesOf(koText);
  const enRefs = enText === undefined ? [] : referencesOf(enText);
  if (koRefs.join('\n') === enRefs.join('\n')) return undefined;
  const onlyKo = koRefs.filter((r) => !enRefs.includes(r));
  const onlyEn = enRefs.filter((r) => !koRefs.includes(r));
  const parts = [
    koText === undefined ? 'there is no Korean page on this path' : '',
    enText === undefined ? 'there is no English page on this path' : '',
    onlyKo.length ? `only the Korean page embeds ${onlyKo.join(', ')}` : '',
    onlyEn.length ? `only the English page embeds ${onlyEn.join(', ')}` : '',
    !onlyKo.length && !onlyEn.length ? 'the same references appear in a different order' : '',
  ].filter(Boolean);
  return `the Korean and English pages must embed the same examples and checkers, in the same order: ${parts.join('; ')}`;
}

export function listExampleIds(): string[] {
  if (!existsSync(EXAMPLES_ROOT)) return [];
  return readdirSync(EXAMPLES_ROOT)
    .filter((name) => statSync(join(EXAMPLES_ROOT, name)).isDirectory())
    .sort();
}
