/**
 * ESLint: the recommended rules of ESLint and typescript-eslint, and the rules of hooks
 * (eslint-plugin-react-hooks) for the components. Formatting is Biome's (biome.json), not ESLint's.
 * Usage: npm run lint (scripts/run-tests.mjs runs it as the `lint` tier)
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['build/**', '.docusaurus/**', 'node_modules/**', 'reports/**', '**/generated/**', 'scripts/control-plane/**/*.go'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node, ...globals.browser}},
    rules: {
      // A leading underscore marks a parameter kept for its position (Docusaurus's configureWebpack(_config, isServer)).
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
    },
  },
  {
    files: ['src/components/**/*.tsx', 'src/components/**/*.ts', 'src/theme/**/*.tsx'],
    plugins: {'react-hooks': reactHooks},
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests read the server's and kubectl's JSON without a schema.
    files: ['**/__tests__/**', 'test/**'],
    rules: {'@typescript-eslint/no-explicit-any': 'off'},
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs'},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
);
