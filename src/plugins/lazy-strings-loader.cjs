/**
 * UI strings of the checkers and playgrounds that only their lazily loaded parts use: kept out of
 * the `main` chunk every page loads, delivered with those parts instead (issue 14: about 8 KB
 * gzipped on every page).
 *
 * The strings stay where Docusaurus i18n wants them (literals with ids in the components, English
 * in i18n/en/code.json; STYLE.md point 3), and `translate()` still reads them from Docusaurus's
 * code translations. Only the bundling changes. This loader handles the generated
 * `.docusaurus/codeTranslations.json` of the client build (./site-plugin.ts):
 * - imported as usual (`@generated/codeTranslations`, in `main`): without the lazy-only ids;
 * - imported with the query `?lazy-strings` (src/components/shared/lazy-strings.ts, the first
 *   import of each lazily loaded part): only the lazy-only ids, which that module adds to the code
 *   translations before any of its strings is read.
 *
 * Lazy-only: ids under the components' prefixes that no eagerly rendered file (the components'
 * index.tsx, shared/PlaygroundShell.tsx, src/theme) mentions; those are rendered on the server
 * and at hydration, so they stay in `main`.
 *
 * CommonJS, because the bundler requires loaders as they are.
 */
const {existsSync, readdirSync, readFileSync} = require('node:fs');
const {join} = require('node:path');

const LAZY_PREFIXES = ['checker.', 'playground.', 'rbacPlayground.', 'netpolPlayground.', 'secctxExplorer.'];

/** Files rendered without the lazy parts: their string ids must stay in `main`. */
function eagerFiles(root) {
  const components = join(root, 'src', 'components');
  const files = readdirSync(components, {withFileTypes: true})
    .filter((d) => d.isDirectory())
    .map((d) => join(components, d.name, 'index.tsx'))
    .filter((f) => existsSync(f));
  files.push(join(components, 'shared', 'PlaygroundShell.tsx'));
  const theme = join(root, 'src', 'theme');
  if (existsSync(theme)) for (const f of readdirSync(theme)) if (/\.tsx?$/.test(f)) files.push(join(theme, f));
  return files;
}

/** The string ids the eager files mention (`id="..."`, `id: '...'`). */
function eagerIds(root) {
  const ids = new Set();
  for (const file of eagerFiles(root)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bid\s*[:=]\s*\{?\s*["'`]([\w.-]+)["'`]/g)) ids.add(m[1]);
  }
  return ids;
}

/** Splits code translations (id -> message) into what `main` keeps and the lazy-only strings. */
function splitCodeTranslations(all, eager) {
  const main = {};
  const lazy = {};
  for (const [id, message] of Object.entries(all)) {
    const lazyOnly = LAZY_PREFIXES.some((p) => id.startsWith(p)) && !eager.has(id);
    (lazyOnly ? lazy : main)[id] = message;
  }
  return {main, lazy};
}

function lazyStringsLoader(source) {
  const {main, lazy} = splitCodeTranslations(JSON.parse(source), eagerIds(process.cwd()));
  return JSON.stringify(/lazy-strings/.test(this.resourceQuery) ? lazy : main);
}

module.exports = lazyStringsLoader;
module.exports.splitCodeTranslations = splitCodeTranslations;
module.exports.eagerIds = eagerIds;
module.exports.LAZY_PREFIXES = LAZY_PREFIXES;
