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
 * - imported with the query `?lazy-strings=<part>` by each lazily loaded part (its `*Editor.tsx`,
 *   which hands them to src/components/shared/lazy-strings.ts before it renders): only the
 *   lazy-only ids, without the playground-specific ones of the other parts (OWN_PREFIXES).
 *
 * Lazy-only: ids under the components' prefixes that no eagerly rendered file (the components'
 * index.tsx, shared/PlaygroundShell.tsx, src/theme) mentions; those are rendered on the server
 * and at hydration, so they stay in `main`.
 *
 * A translation identical to the default text written in the component (the Korean literal next
 * to its id) is redundant: `translate()` falls back to that text. Both outputs drop such entries,
 * which is most of i18n/ko/code.json; an entry whose default cannot be read exactly is kept.
 *
 * CommonJS, because the bundler requires loaders as they are.
 */
const {existsSync, readdirSync, readFileSync} = require('node:fs');
const {join} = require('node:path');

const LAZY_PREFIXES = ['checker.', 'playground.', 'rbacPlayground.', 'netpolPlayground.', 'secctxExplorer.', 'kubectlLab.'];

/** Strings only one part uses (by the folder that holds them): the other parts' chunks go without. */
const OWN_PREFIXES = {rbac: 'rbacPlayground.', netpol: 'netpolPlayground.', lab: 'kubectlLab.'};

/** The lazy strings a part's chunk needs: all of them but the other parts' own. */
function stringsOfPart(lazy, part) {
  const foreign = Object.entries(OWN_PREFIXES)
    .filter(([name]) => name !== part)
    .map(([, prefix]) => prefix);
  return Object.fromEntries(Object.entries(lazy).filter(([id]) => !foreign.some((p) => id.startsWith(p))));
}

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

/** The string ids the eager files mention (`id="..."`, `id: '...'`); `read` tells the bundler which files count. */
function eagerIds(root, read = () => undefined) {
  const ids = new Set();
  for (const file of eagerFiles(root)) {
    read(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/\bid\s*[:=]\s*\{?\s*["'`]([\w.-]+)["'`]/g)) ids.add(m[1]);
  }
  return ids;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') out.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const unescapeQuotes = (text) => text.replace(/\\(['"\\])/g, '$1');

/**
 * The default texts the components write next to their ids: `{id: '...', message: '...'}` and
 * `<Translate id="...">text</Translate>` with plain text. Ids written with another shape are
 * simply not found (their translations are then kept).
 */
function defaultMessages(root, read = () => undefined) {
  const defaults = new Map();
  for (const file of sourceFiles(join(root, 'src', 'components'))) {
    read(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bid:\s*'([\w.-]+)',\s*message:\s*'((?:[^'\\\n]|\\.)*)'/g)) defaults.set(m[1], unescapeQuotes(m[2]));
    for (const m of text.matchAll(/\bid:\s*"([\w.-]+)",\s*message:\s*"((?:[^"\\\n]|\\.)*)"/g)) defaults.set(m[1], unescapeQuotes(m[2]));
    for (const m of text.matchAll(/<Translate id="([\w.-]+)">([^<{}]*)<\/Translate>/g)) defaults.set(m[1], m[2]);
  }
  return defaults;
}

/**
 * Splits code translations (id -> message) into what `main` keeps and the lazy-only strings,
 * leaving out translations equal to their default text (`defaults`, from defaultMessages).
 */
function splitCodeTranslations(all, eager, defaults = new Map()) {
  const main = {};
  const lazy = {};
  for (const [id, message] of Object.entries(all)) {
    if (defaults.get(id) === message) continue;
    const lazyOnly = LAZY_PREFIXES.some((p) => id.startsWith(p)) && !eager.has(id);
    (lazyOnly ? lazy : main)[id] = message;
  }
  return {main, lazy};
}

function lazyStringsLoader(source) {
  const root = process.cwd();
  // The output depends on the components' sources and on this file: the bundler's cache must know.
  const read = (file) => this.addDependency(file);
  read(__filename);
  this.addContextDependency(join(root, 'src', 'components'));
  const {main, lazy} = splitCodeTranslations(JSON.parse(source), eagerIds(root, read), defaultMessages(root, read));
  const part = /[?&]lazy-strings=(\w+)/.exec(this.resourceQuery ?? '');
  if (/lazy-strings/.test(this.resourceQuery ?? '') && !part) throw new Error(`${this.resource}: say which part the strings are for: ?lazy-strings=<part>`);
  return JSON.stringify(part ? stringsOfPart(lazy, part[1]) : main);
}

module.exports = lazyStringsLoader;
module.exports.splitCodeTranslations = splitCodeTranslations;
module.exports.eagerIds = eagerIds;
module.exports.LAZY_PREFIXES = LAZY_PREFIXES;
module.exports.stringsOfPart = stringsOfPart;
module.exports.defaultMessages = defaultMessages;
