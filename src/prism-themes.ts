/**
 * The code block colors: prism-react-renderer's github (light) and dracula (dark) themes with the
 * token colors that miss WCAG AA contrast (4.5:1 for normal text) on their own background
 * replaced. Found by axe-core's color-contrast rule (test/browser/accessibility.test.ts); e.g.
 * github's comment color #999988 has 2.71:1 on #f6f8fa, dracula's comment color 3.03:1 on #282a36.
 */
import {themes, type PrismTheme} from 'prism-react-renderer';

function recolor(theme: PrismTheme, colors: Record<string, string>): PrismTheme {
  return {
    ...theme,
    styles: theme.styles.map((s) => (s.style.color && colors[s.style.color] ? {...s, style: {...s.style, color: colors[s.style.color]}} : s)),
  };
}

export const lightCodeTheme = recolor(themes.github, {
  '#999988': '#57606a', // comment: 6.0:1
  '#e3116c': '#b3005a', // string: 6.4:1
  '#36acaa': '#0a7571', // number, boolean, variable: 5.2:1
  '#00a4db': '#005cc5', // atrule (YAML keys), keyword: 5.9:1
  '#d73a49': '#b31d28', // function, tag: 6.3:1
});

export const darkCodeTheme = recolor(themes.dracula, {
  'rgb(98, 114, 164)': '#9aa5ce', // comment: 5.9:1
});
