/**
 * The built-site checker (scripts/check-built-site.ts) on small hand-made builds; the real
 * production build is checked by test/production/production-base-url.test.ts.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/__tests__/check-built-site
 */
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {checkBuiltSite, cssReferences, htmlReferences, servedPath} from '../check-built-site';

const LOCATION = {url: 'https://kube-security-notes.github.io', baseUrl: '/kube-security-notes/'};
let dir: string;
const put = (file: string, text: string) => {
  mkdirSync(dirname(join(dir, file)), {recursive: true});
  writeFileSync(join(dir, file), text);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksn-site-'));
  put('assets/js/runtime~main.abc.js', 'r.p="/kube-security-notes/"');
  put('assets/js/main.abc.js', '');
  put('assets/css/styles.abc.css', '@font-face{src:url(../fonts/a.woff2)}');
  put('assets/fonts/a.woff2', '');
  put('img/favicon.svg', '');
  put('rbac/roles.html', '<a href="/kube-security-notes/">home</a>');
  put('en/index.html', '<a href="../rbac/roles">roles</a>');
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const page = (body: string) =>
  `<html><head><link rel="icon" href="/kube-security-notes/img/favicon.svg"><link rel="stylesheet" href="/kube-security-notes/assets/css/styles.abc.css"><script src="/kube-security-notes/assets/js/main.abc.js" defer></script><meta property="og:image" content="https://kube-security-notes.github.io/kube-security-notes/img/favicon.svg"></head><body>${body}</body></html>`;

describe('checkBuiltSite', () => {
  it('passes a build whose assets and links all resolve under the base URL', () => {
    put(
      'index.html',
      page(
        '<a href="/kube-security-notes/rbac/roles#rolebinding">r</a><a href="en/">en</a><a href="https://github.com/x">gh</a><a href="#top">top</a><img srcset="/kube-security-notes/img/favicon.svg 1x, img/favicon.svg 2x">',
      ),
    );
    const r = checkBuiltSite(dir, LOCATION);
    expect(r.problems).toEqual([]);
    expect(r.pages).toBe(3);
    expect(r.references).toBe(10);
  });

  it('reports what a baseUrl "/" build does on a project site: assets outside the base URL', () => {
    put('index.html', page('').replace(/\/kube-security-notes\//g, '/'));
    expect(checkBuiltSite(dir, LOCATION).problems).toEqual([
      {file: 'index.html', ref: '/img/favicon.svg', why: 'outside the base URL /kube-security-notes/: the server answers 404'},
      {file: 'index.html', ref: '/assets/css/styles.abc.css', why: 'outside the base URL /kube-security-notes/: the server answers 404'},
      {file: 'index.html', ref: '/assets/js/main.abc.js', why: 'outside the base URL /kube-security-notes/: the server answers 404'},
    ]);
  });

  it('reports links to missing pages and a runtime chunk with another public path', () => {
    put('index.html', page('<a href="/kube-security-notes/rbac/missing">x</a>'));
    put('assets/js/runtime~main.abc.js', 'r.p="/"');
    const r = checkBuiltSite(dir, LOCATION);
    expect(r.problems.map((p) => p.why)).toEqual([
      'no file in the build for /kube-security-notes/rbac/missing',
      'the runtime chunk does not load chunks from /kube-security-notes/ (its public path differs)',
    ]);
  });
});

describe('pieces', () => {
  it('reads href, src, srcset and CSS url() values; maps built files to served paths', () => {
    expect(htmlReferences(`<a href="/a?x=1&amp;y=2">a</a><img src='b.png' srcset="c.png 1x, d.png 2x"><!-- <a href="/hidden"> -->`)).toEqual([
      '/a?x=1&y=2',
      'b.png',
      'c.png',
      'd.png',
    ]);
    expect(cssReferences('a{background:url("x.svg")} b{src:url(y.woff2)}')).toEqual(['x.svg', 'y.woff2']);
    expect([servedPath('index.html', '/b/'), servedPath('en/index.html', '/b/'), servedPath('rbac/roles.html', '/b/')]).toEqual([
      '/b/',
      '/b/en/',
      '/b/rbac/roles',
    ]);
  });
});

describe('locales', () => {
  it("each locale's runtime loads chunks from its own folder under the base URL", () => {
    put('index.html', page(''));
    put('en/assets/js/runtime~main.def.js', 'r.p="/kube-security-notes/en/"');
    expect(checkBuiltSite(dir, LOCATION).problems).toEqual([]);
    put('en/assets/js/runtime~main.def.js', 'r.p="/kube-security-notes/"');
    expect(checkBuiltSite(dir, LOCATION).problems.map((p) => p.file)).toEqual(['en/assets/js/runtime~main.def.js']);
  });
});
