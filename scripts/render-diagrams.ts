/**
 * Usage: npm run diagrams              render every ```mermaid block of the pages that changed
 *        npm run diagrams -- --all     render every block again
 *        npm run diagrams -- --check   only say which SVG files are missing or stale (exit 1 if any)
 *
 * Renders each ```mermaid block of docs/ and i18n/<locale>/.../current/ to two SVG files beside
 * its page, light and dark (src/plugins/diagrams.ts names them), with mermaid in Chromium
 * (Debian's /usr/bin/chromium, or CHROMIUM_PATH; see test/support/browser.ts). Only this script
 * needs a browser: `npm start` and `npm run build` read the committed SVG files, and
 * src/plugins/__tests__/diagrams.test.ts fails when one is missing or older than its block.
 * Also removes SVG files that no block makes any more.
 */
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {relative} from 'node:path';
import {launchBrowser} from '../test/support/browser';
import {
  RENDERER,
  VARIANTS,
  diagramBlocks,
  diagramState,
  orphanSvgs,
  pageFiles,
  svgHeader,
  svgPath,
  type DiagramBlock,
  type Variant,
} from '../src/plugins/diagrams';

const require = createRequire(import.meta.url);
const ROOT = process.cwd();

/** Fixes what an <img> needs: a numeric width and height instead of width="100%" and a max-width style. */
function forImage(svg: string): string {
  const viewBox = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!viewBox) throw new Error('mermaid returned an SVG without viewBox');
  const [width, height] = [Math.ceil(Number(viewBox[3])), Math.ceil(Number(viewBox[4]))];
  return svg.replace(/<svg\b[^>]*>/, (tag) =>
    tag
      .replace(/\swidth="[^"]*"/, '')
      .replace(/\sheight="[^"]*"/, '')
      .replace(/\sstyle="[^"]*"/, '')
      .replace(/^<svg/, `<svg width="${width}" height="${height}"`),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const checkOnly = args.includes('--check');
  const todo: {page: string; block: DiagramBlock}[] = [];
  const pages = pageFiles();
  for (const page of pages) {
    for (const block of diagramBlocks(readFileSync(page, 'utf8'))) {
      const state = diagramState(page, block.index, block.source);
      if (all || state.status !== 'current') todo.push({page, block});
    }
  }
  const orphans = orphanSvgs();
  if (checkOnly) {
    for (const {page, block} of todo) console.log(`${relative(ROOT, page)}:${block.line}: diagram ${block.index} is missing or stale`);
    for (const o of orphans) console.log(`${relative(ROOT, o)}: no block makes this file`);
    process.exit(todo.length + orphans.length > 0 ? 1 : 0);
  }
  for (const o of orphans) {
    rmSync(o);
    console.log(`removed ${relative(ROOT, o)}`);
  }
  if (todo.length === 0) {
    console.log('every diagram is current');
    return;
  }
  const {browser, close} = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html><body style="font-family: ${RENDERER.fontFamily.replace(/"/g, "'")}"></body></html>`);
    await page.addScriptTag({path: require.resolve('mermaid/dist/mermaid.min.js')});
    const version = await page.evaluate(() => (window as unknown as {mermaid: {version?: string}}).mermaid.version ?? '');
    if (version && version !== RENDERER.mermaid) {
      throw new Error(
        `node_modules has mermaid ${version}, RENDERER in src/plugins/diagrams.ts says ${RENDERER.mermaid}: update RENDERER, then run npm run diagrams -- --all`,
      );
    }
    for (const {page: file, block} of todo) {
      const rel = relative(ROOT, file).split('\\').join('/');
      for (const variant of VARIANTS) {
        const id = `ksn-${rel.replace(/[^a-z0-9]+/gi, '-')}-${block.index}-${variant}`.toLowerCase();
        const svg = await page.evaluate(
          async ({id, source, theme, fontFamily, htmlLabels}) => {
            const mermaid = (window as unknown as {mermaid: {initialize(c: object): void; render(id: string, text: string): Promise<{svg: string}>}}).mermaid;
            mermaid.initialize({
              startOnLoad: false,
              theme,
              securityLevel: 'strict',
              fontFamily,
              themeVariables: {fontFamily},
              deterministicIds: true,
              deterministicIDSeed: id,
              flowchart: {htmlLabels, useMaxWidth: false},
              sequence: {useMaxWidth: false},
              htmlLabels,
            });
            return (await mermaid.render(id, source)).svg;
          },
          {id, source: block.source, theme: RENDERER.themes[variant as Variant], fontFamily: RENDERER.fontFamily, htmlLabels: RENDERER.htmlLabels},
        );
        const out = svgPath(file, block.index, variant);
        writeFileSync(out, `${svgHeader(block, variant, rel)}\n${forImage(svg)}\n`);
        console.log(`wrote ${relative(ROOT, out)}`);
      }
    }
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
