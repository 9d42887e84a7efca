/**
 * Adds UI strings that only the lazily loaded parts of the checkers use to Docusaurus's code
 * translations (src/plugins/lazy-strings-loader.cjs keeps them out of the `main` chunk). Each
 * lazily loaded part (`*Editor.tsx`) imports its strings with `?lazy-strings=<part>` and registers
 * them at once, before it renders; no module reads a string when it loads.
 */
import codeTranslations from '@generated/codeTranslations';

export function registerStrings(strings: Record<string, string>): void {
  Object.assign(codeTranslations, strings);
}
