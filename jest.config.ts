/**
 * @jest-config-loader esbuild-register
 */
/**
 * The test projects, on one shared base (as Docusaurus's own repository keeps one jest config):
 * native ESM through @swc/jest (which strips types without checking them: `npm run typecheck`
 * is its own step), `@site/` for the repository root and `@test-support/` for the helpers that
 * several tiers share (test/support/). Run with `npm run jest -- --selectProjects <name>`;
 * scripts/run-tests.mjs runs them as tiers.
 *
 * Node 20 has no TypeScript loader of its own, so Jest reads this file through esbuild-register
 * (the docblock above).
 */
import type {Config} from 'jest';

type Project = NonNullable<Config['projects']>[number] & object;

const base: Project = {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {parser: {syntax: 'typescript', tsx: true}, transform: {react: {runtime: 'automatic'}}, target: 'es2022'},
        module: {type: 'es6'},
      },
    ],
  },
  moduleNameMapper: {
    '^@site/(.*)$': '<rootDir>/$1',
    '^@test-support/(.*)$': '<rootDir>/test/support/$1',
    '\\.(css|scss)$': '<rootDir>/test/support/style-stub.cjs',
  },
  testEnvironment: 'node',
};

const project = (displayName: string, testMatch: string[], extra: Project = {}): Project => ({...base, displayName, testMatch, ...extra});

const config: Config = {
  projects: [
    project('unit', ['<rootDir>/src/**/__tests__/**/*.test.ts?(x)', '<rootDir>/scripts/**/__tests__/**/*.test.ts']),
    project('content', ['<rootDir>/test/content/**/*.test.ts']),
    project('build', ['<rootDir>/test/production/**/*.test.ts']),
    project('browser', ['<rootDir>/test/browser/**/*.test.ts']),
    project('cluster', ['<rootDir>/test/cluster/**/*.test.ts'], {
      globalSetup: '<rootDir>/test/cluster/global-setup.ts',
      globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
    }),
  ],
};

export default config;
