/**
 * The one place the site's addresses live: the repository, and where the site is served
 * (docusaurus.config.ts `url` and `baseUrl`, the "Edit this page" links and the navbar).
 *
 * GitHub Pages serves a project site at https://<owner>.github.io/<repo>/, so the repository
 * kube-security-notes/kube-security-notes is published under the base URL /kube-security-notes/
 * (https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#types-of-github-pages-sites);
 * a repository named <owner>.github.io is served at the root.
 *
 * siteLocation(env) picks the location of a build:
 *   KSN_SITE_URL, KSN_BASE_URL   explicit (a custom domain: KSN_SITE_URL=https://notes.example.org KSN_BASE_URL=/)
 *   KSN_PAGES_REPOSITORY         owner/name of the repository whose GitHub Pages site is built; the
 *                                deploy workflow sets it to ${{ github.repository }}, so a fork
 *                                publishes at its own address without edits
 *   neither                      a local build (npm start, npm run build, the browser tests): the
 *                                production url with baseUrl "/"
 * Empty values count as unset (a workflow `${{ vars.X }}` that is not defined is "").
 * Reproduce the production build: KSN_PAGES_REPOSITORY=kube-security-notes/kube-security-notes npm run build
 */

/** owner/name of the upstream repository. */
export const REPOSITORY = 'kube-security-notes/kube-security-notes';
export const REPOSITORY_URL = `https://github.com/${REPOSITORY}`;
/** The Kubernetes version every example is verified on (the local control plane and the kind node image). */
export const KUBERNETES_VERSION = 'v1.36';

export interface SiteLocation {
  /** Scheme and host, no trailing slash: Docusaurus `url`. */
  url: string;
  /** Path the site is served under, with leading and trailing slash: Docusaurus `baseUrl`. */
  baseUrl: string;
  /** The repository the "Edit this page" links and the navbar point at. */
  repositoryUrl: string;
}

/** Where GitHub Pages serves the site of repository `owner/name`. */
export function githubPagesLocation(repository: string): SiteLocation {
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(repository);
  if (!m) throw new Error(`KSN_PAGES_REPOSITORY must be owner/name, not "${repository}"`);
  const [, owner, name] = m;
  const host = `${owner.toLowerCase()}.github.io`;
  return {url: `https://${host}`, baseUrl: name.toLowerCase() === host ? '/' : `/${name}/`, repositoryUrl: `https://github.com/${owner}/${name}`};
}

/** The published site of this repository. */
export const PRODUCTION: SiteLocation = githubPagesLocation(REPOSITORY);

function normalizeBaseUrl(base: string): string {
  const trimmed = base.trim().replace(/^\/*/, '/').replace(/\/*$/, '/');
  return trimmed === '//' ? '/' : trimmed;
}

/** The location of a build, from the environment (see the top of this file). */
export function siteLocation(env: Record<string, string | undefined>): SiteLocation {
  const value = (name: string) => (env[name] ?? '').trim() || undefined;
  const base = value('KSN_PAGES_REPOSITORY') ? githubPagesLocation(value('KSN_PAGES_REPOSITORY') as string) : {...PRODUCTION, baseUrl: '/'};
  const url = value('KSN_SITE_URL');
  const baseUrl = value('KSN_BASE_URL');
  if (url !== undefined && !/^https?:\/\/[^/]+$/.test(url.replace(/\/+$/, '')))
    throw new Error(`KSN_SITE_URL must be a scheme and host such as https://notes.example.org, not "${url}"`);
  return {
    url: url ? url.replace(/\/+$/, '') : base.url,
    baseUrl: baseUrl ? normalizeBaseUrl(baseUrl) : base.baseUrl,
    repositoryUrl: base.repositoryUrl,
  };
}
