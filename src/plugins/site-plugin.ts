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
      const rules: object[] = [
        // src/core/index.ts and the kubectl lab (src/core/lab) do nothing when they load (the core
        // is pure, STYLE.md point 1), so the bundler may leave out what a chunk does not use: the
        // checkers' chunks go without the lab engine that index.ts also exports. Without this
        // rule the lab engine lands in each of the four checker chunks.
        {test: /[\\/]src[\\/]core[\\/](index\.ts$|lab[\\/])/, sideEffects: false},
      ];
      if (isServer) return {module: {rules}}; // the server renders only the eager parts, with every string
      rules.push({test: /[\\/]codeTranslations\.json$/, use: [{loader: LAZY_STRINGS_LOADER}]});
      return {
        module: {rules},
        optimization: {
          splitChunks: {
            cacheGroups: {
              // Each component's lazy part is its own chunk (its page loads only that one); the
              // engine they share is one chunk, so a page or a visit with two kinds loads it once.
              // The kubectl lab's own engine (src/core/lab) stays with the lab's chunk (kubectl-lab),
              // so pages that only check YAML do not download it.
              checkerEngine: {
                test: /[\\/]src[\\/]core[\\/](?!lab[\\/])|[\\/]node_modules[\\/]js-yaml[\\/]/,
                chunks: 'async',
                name: 'checker-engine',
                enforce: true,
                priority: 30,
              },
            },
          },
        },
      };
    },
  };
}
