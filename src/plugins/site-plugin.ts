/**
 * The site's own build tweaks, in one Docusaurus plugin:
 * - `.yaml` files import as their text, so components can embed example files from examples/
 *   (`import role from '@site/examples/<id>/role.yaml'`) without a second copy in the page.
 *
 * Diagrams need no bundle rule: they are SVG files drawn ahead of time (./remark-diagrams.ts).
 */
import type {Plugin} from '@docusaurus/types';

export default function sitePlugin(): Plugin {
  return {
    name: 'kube-security-notes-site',
    configureWebpack() {
      return {module: {rules: [{test: /\.ya?ml$/, type: 'asset/source'}]}};
    },
  };
}
