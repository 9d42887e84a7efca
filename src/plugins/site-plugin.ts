/**
 * The site's own build tweaks, in one Docusaurus plugin: in the browser bundle, the checkers' UI
 * strings that only their lazily loaded parts use go with those parts instead of into the `main`
 * chunk of every page (./lazy-strings-loader.cjs), and the engine the checkers share is one chunk.
 * (Example files reach the pages through ./remark-embed-examples.ts, not through imports.)
 *
 * Diagrams need no bundle rule: they are SVG files drawn ahead of time (./remark-diagrams.ts).
 */
import {join} from 'node:path';
import type {Plugin} from '@docusaurus/types';

const LAZY_STRINGS_LOADER = join(process.cwd(), 'src', 'plugins', 'lazy-strings-loader.cjs');

export default function sitePlugin(): Plugin {
  return {
    name: 'kube-security-notes-site',
    configureWebpack(_config, isServer) {
      if (isServer) return {}; // the server renders only the eager parts, with every string
      return {
        module: {rules: [{test: /[\\/]codeTranslations\.json$/, use: [{loader: LAZY_STRINGS_LOADER}]}]},
        optimization: {
          splitChunks: {
            cacheGroups: {
              // Each component's lazy part is its own chunk (its page loads only that one); the
              // engine they share is one chunk, so a page or a visit with two kinds loads it once.
              checkerEngine: {test: /[\\/]src[\\/]core[\\/]|[\\/]node_modules[\\/]js-yaml[\\/]/, chunks: 'async', name: 'checker-engine', enforce: true, priority: 30},
            },
          },
        },
      };
    },
  };
}
