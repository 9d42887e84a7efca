/** The UI strings of one lazily loaded part of the checkers (src/plugins/lazy-strings-loader.cjs). */
declare module '@generated/codeTranslations.json?lazy-strings=*' {
  const strings: Record<string, string>;
  export default strings;
}
