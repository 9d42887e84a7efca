/**
 * The site's own build tweaks, in one Docusaurus plugin:
 * - `.yaml` files import as their text, so components can embed example files from examples/
 *   (`import role from '@site/examples/<id>/role.yaml'`) without a second copy in the page;
 * - mermaid and its layout engines stay out of the chunk every page loads, so a page without a
 *   diagram does not download them (without this: 374 KB instead of 191 KB gzipped, STACK-NOTES.md).
 */
import type {Plugin} from '@docusaurus/types';

const DIAGRAM_MODULES = /[\\/]node_modules[\\/](mermaid|@mermaid-js|@docusaurus[\\/]theme-mermaid|cytoscape[\w-]*|dagre[\w-]*|d3[\w-]*|khroma|elkjs|katex|roughjs|langium|chevrotain[\w-]*|dompurify|stylis)[\\/]/;

export default function sitePlugin(): Plugin {
  return {
    name: 'kube-security-notes-site',
    configureWebpack(_config, isServer) {
      return {
        module: {rules: [{test: /\.ya?ml$/, type: 'asset/source'}]},
        ...(isServer
          ? {}
          : {
              optimization: {
                splitChunks: {
                  cacheGroups: {
                    // Docusaurus pulls modules used by half of the pages into one "common" chunk
                    // that every page loads. Diagram code must never go there: it stays in the
                    // async chunks of the pages that draw a diagram (and mermaid's own lazy
                    // per-diagram chunks).
                    common: {test: (module: unknown) => !DIAGRAM_MODULES.test((module as {resource?: string}).resource ?? '')},
                  },
                },
              },
            }),
      };
    },
  };
}
