/** The lazy-only UI strings (src/plugins/lazy-strings-loader.cjs). */
declare module '@generated/codeTranslations.json?lazy-strings' {
  const strings: Record<string, string>;
  export default strings;
}
