/**
 * Adds the UI strings that only the lazily loaded parts of the checkers use to Docusaurus's code
 * translations (src/plugins/lazy-strings-loader.cjs keeps them out of the `main` chunk). Each
 * lazily loaded part imports this module first, so the strings are there before any is read.
 */
import codeTranslations from '@generated/codeTranslations';
import lazyStrings from '@generated/codeTranslations.json?lazy-strings';

Object.assign(codeTranslations, lazyStrings);
