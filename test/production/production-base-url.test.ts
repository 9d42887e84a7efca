/**
 * The site as GitHub Pages will serve it: a build with the production location
 * (src/site-constants.ts: https://kube-security-notes.github.io under /kube-security-notes/), in
 * which every asset and link of every page of both locales must resolve under that base URL
 * (scripts/check-built-site.ts). A build with baseUrl "/" on a project site 404s every asset.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects build
 *   (or: KSN_PAGES_REPOSITORY=kube-security-notes/kube-security-notes npm run build -- --out-dir /tmp/ksn-prod
 *        && npx tsx scripts/check-built-site.ts /tmp/ksn-prod)
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {checkBuiltSite} from '../../scripts/check-built-site';
import {PRODUCTION, REPOSITORY} from '../../src/site-constants';

const out = mkdtempSync(join(tmpdir(), 'ksn-production-build-'));

beforeAll(() => {
  const env = {...process.env, KSN_PAGES_REPOSITORY: REPOSITORY, KSN_SITE_URL: '', KSN_BASE_URL: ''};
  const r = spawnSync('npx', ['docusaurus', 'build', '--out-dir', out], {env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
  if (r.status !== 0)
    throw new Error(`the production build failed (exit ${r.status ?? r.signal}):\n${`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n')}`);
}, 15 * 60_000);
afterAll(() => rmSync(out, {recursive: true, force: true}));

describe(`the production build under ${PRODUCTION.url}${PRODUCTION.baseUrl}`, () => {
  it('has both locales, and their pages name the production base URL', () => {
    for (const page of ['index.html', 'en/index.html']) expect(existsSync(join(out, page)) ? page : `${page} is missing from the build`).toBe(page);
    // The minified HTML leaves attribute values unquoted where it can: href=/kube-security-notes/...
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(new RegExp(`href="?${PRODUCTION.baseUrl}assets/`));
    expect(readFileSync(join(out, 'en', 'index.html'), 'utf8')).toMatch(new RegExp(`href="?${PRODUCTION.baseUrl}en/`));
  });

  it('every asset and link of every page resolves under the base URL', () => {
    const result = checkBuiltSite(out, PRODUCTION);
    expect(result.problems.map((p) => `${p.file}: ${p.ref}: ${p.why}`)).toEqual([]);
    // Not vacuous: both locales' pages, with their scripts, styles and links, were looked at.
    expect(result.pages).toBeGreaterThanOrEqual(10);
    expect(result.references).toBeGreaterThanOrEqual(result.pages * 10);
  });
});
