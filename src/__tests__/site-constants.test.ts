/**
 * Where the site is served: one place (src/site-constants.ts), overridable for forks.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- src/__tests__/site-constants
 */
import {describe, expect, it} from '@jest/globals';
import {githubPagesLocation, PRODUCTION, REPOSITORY, REPOSITORY_URL, siteLocation} from '../site-constants';

describe('site location', () => {
  it('the repository kube-security-notes/kube-security-notes is a GitHub Pages project site under /kube-security-notes/', () => {
    expect(REPOSITORY).toBe('kube-security-notes/kube-security-notes');
    expect(PRODUCTION).toEqual({url: 'https://kube-security-notes.github.io', baseUrl: '/kube-security-notes/', repositoryUrl: REPOSITORY_URL});
  });

  it('the deploy workflow (KSN_PAGES_REPOSITORY) gives the production location, and a fork its own', () => {
    expect(siteLocation({KSN_PAGES_REPOSITORY: 'kube-security-notes/kube-security-notes'})).toEqual(PRODUCTION);
    expect(siteLocation({KSN_PAGES_REPOSITORY: 'Jane-Doe/ksn'})).toEqual({
      url: 'https://jane-doe.github.io',
      baseUrl: '/ksn/',
      repositoryUrl: 'https://github.com/Jane-Doe/ksn',
    });
    expect(githubPagesLocation('jane/jane.github.io').baseUrl).toBe('/');
    expect(() => githubPagesLocation('not a repo')).toThrow(/owner\/name/);
  });

  it('a local build is served at the root; explicit KSN_SITE_URL/KSN_BASE_URL win; empty values count as unset', () => {
    expect(siteLocation({})).toEqual({...PRODUCTION, baseUrl: '/'});
    expect(siteLocation({KSN_PAGES_REPOSITORY: '', KSN_SITE_URL: '', KSN_BASE_URL: ''})).toEqual({...PRODUCTION, baseUrl: '/'});
    expect(siteLocation({KSN_PAGES_REPOSITORY: 'a/b', KSN_SITE_URL: 'https://notes.example.org/', KSN_BASE_URL: 'docs'})).toEqual({
      url: 'https://notes.example.org',
      baseUrl: '/docs/',
      repositoryUrl: 'https://github.com/a/b',
    });
    expect(() => siteLocation({KSN_SITE_URL: 'https://notes.example.org/docs'})).toThrow(/scheme and host/);
  });
});
