/**
 * Checks that a built site works under the base URL it will be served from: every asset and
 * link of every built page (href, src, srcset, CSS url()) that points into the site resolves to
 * a file of the build, and none points outside the base URL (where GitHub Pages would answer
 * 404 for a project site). The JavaScript runtime of each locale must load its chunks from the
 * base URL too (<baseUrl> for Korean, <baseUrl>en/ for English).
 *
 * Usage:
 *   npx tsx scripts/check-built-site.ts <build dir> [<baseUrl> [<url>]]
 *     baseUrl and url default to the production location (src/site-constants.ts, or the
 *     KSN_* variables it reads); exit 0 when everything resolves, 1 with one line per problem.
 *   KSN_PAGES_REPOSITORY=kube-security-notes/kube-security-notes npm run build && npx tsx scripts/check-built-site.ts build
 *
 * URLs resolve as GitHub Pages serves a site built with trailingSlash: false: /a/b is a/b.html
 * or a/b/index.html, /a/ is a/index.html.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PRODUCTION, siteLocation} from '../src/site-constants';

export interface SiteProblem {
  /** The built file (relative to the build dir) that holds the reference. */
  file: string;
  ref: string;
  why: string;
}

export interface SiteCheck {
  problems: SiteProblem[];
  pages: number;
  /** Internal references checked. */
  references: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The URL path a built file is served at: en/index.html -> <base>en/, rbac/roles.html -> <base>rbac/roles. */
export function servedPath(file: string, baseUrl: string): string {
  const rel = file.split(sep).join('/');
  if (rel === 'index.html') return baseUrl;
  if (rel.endsWith('/index.html')) return `${baseUrl}${rel.slice(0, -'index.html'.length)}`;
  return `${baseUrl}${rel.replace(/\.html$/, '')}`;
}

/** Built file a served path maps to, or undefined. */
export function fileFor(dir: string, path: string, baseUrl: string): string | undefined {
  if (!path.startsWith(baseUrl) && `${path}/` !== baseUrl) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(baseUrl.length));
  } catch {
    return undefined;
  }
  const base = join(dir, rest);
  for (const candidate of rest === '' || rest.endsWith('/') ? [join(base, 'index.html')] : [base, `${base}.html`, join(base, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** href/src/srcset values of an HTML text (attribute values as the parser sees them, entities for & decoded). */
export function htmlReferences(html: string): string[] {
  const refs: string[] = [];
  const body = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(/\s(href|src|srcset|data-src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const value = (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&');
    if (m[1].toLowerCase() === 'srcset')
      refs.push(
        ...value
          .split(',')
          .map((part) => part.trim().split(/\s+/)[0])
          .filter(Boolean),
      );
    else refs.push(value);
  }
  return refs;
}

export function cssReferences(css: string): string[] {
  return [...css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter(Boolean);
}

/** Checks every built page and stylesheet of `dir` for the location {url, baseUrl}. */
export function checkBuiltSite(dir: string, location: {url: string; baseUrl: string}): SiteCheck {
  const {url, baseUrl} = location;
  const origin = new URL(url).origin;
  const problems: SiteProblem[] = [];
  let pages = 0;
  let references = 0;
  const files = walk(dir);
  for (const abs of files) {
    const file = relative(dir, abs);
    const isHtml = file.endsWith('.html');
    const isCss = file.endsWith('.css');
    if (!isHtml && !isCss) continue;
    if (isHtml) pages++;
    const text = readFileSync(abs, 'utf8');
    const here = new URL(servedPath(file, baseUrl), origin);
    for (const ref of isHtml ? htmlReferences(text) : cssReferences(text)) {
      if (!ref || ref.startsWith('#') || /^(mailto|tel|data|javascript|blob):/i.test(ref)) continue;
      let target: URL;
      try {
        target = new URL(ref, here);
      } catch {
        problems.push({file, ref, why: 'not a URL'});
        continue;
      }
      if (target.origin !== origin) continue; // another site (GitHub, kubernetes.io)
      references++;
      const path = target.pathname;
      if (!path.startsWith(baseUrl) && `${path}/` !== baseUrl) {
        problems.push({file, ref, why: `outside the base URL ${baseUrl}: the server answers 404`});
        continue;
      }
      if (!fileFor(dir, path, baseUrl)) problems.push({file, ref, why: `no file in the build for ${path}`});
    }
  }
  // Chunks loaded at run time: webpack/rspack's public path is a string in the runtime chunk.
  const runtime = files.filter((f) => /[\\/]runtime~main\.[^\\/]*\.js$/.test(f));
  if (runtime.length === 0) problems.push({file: 'assets/js', ref: 'runtime~main.*.js', why: 'no runtime chunk found: cannot check where chunks load from'});
  for (const f of runtime) {
    // Each locale is its own build: en/assets/js/runtime~main.*.js loads from <baseUrl>en/.
    const rel = relative(dir, f).split(sep).join('/');
    const expected = `${baseUrl}${rel.slice(0, rel.indexOf('assets/js/'))}`;
    if (!readFileSync(f, 'utf8').includes(`"${expected}"`))
      problems.push({file: rel, ref: expected, why: `the runtime chunk does not load chunks from ${expected} (its public path differs)`});
  }
  return {problems, pages, references};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, baseArg, urlArg] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: npx tsx scripts/check-built-site.ts <build dir> [<baseUrl> [<url>]]\n');
    process.exit(2);
  }
  const fromEnv = process.env.KSN_PAGES_REPOSITORY || process.env.KSN_SITE_URL || process.env.KSN_BASE_URL ? siteLocation(process.env) : PRODUCTION;
  const location = {url: urlArg ?? fromEnv.url, baseUrl: baseArg ?? fromEnv.baseUrl};
  const result = checkBuiltSite(dir, location);
  for (const p of result.problems) process.stdout.write(`${p.file}: ${p.ref}: ${p.why}\n`);
  process.stdout.write(
    `${result.pages} page(s), ${result.references} internal reference(s) under ${location.url}${location.baseUrl}: ${result.problems.length} problem(s)\n`,
  );
  process.exit(result.problems.length || result.pages === 0 ? 1 : 0);
}
