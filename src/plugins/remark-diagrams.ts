/**
 * Remark plugin: shows each ```mermaid block of a page as its pre-rendered SVG files (light and
 * dark, ./diagrams.ts), so the page ships no diagram code and draws its diagrams without
 * JavaScript. The block itself stays in the page's source, where review reads it.
 *
 *   ```mermaid            ->  <figure class="ksn-diagram" data-diagram="1">
 *   flowchart LR                <img class="ksn-diagram__light" src=".../page.diagram-1.light-<hash>.svg" alt="accTitle: accDescr" width height>
 *     accTitle: ...             <img class="ksn-diagram__dark"  src=".../page.diagram-1.dark-<hash>.svg" ...>
 *   ```                       </figure>
 *
 * src/css/custom.css shows the variant of Docusaurus's color mode (`html[data-theme]`). The SVG
 * files are copied as assets (file-loader, never inlined into JavaScript). A missing or stale SVG
 * (its block changed since `npm run diagrams`) fails `npm run build` with the command to run; the
 * development server (`npm start`, which may run where there is no browser to render with) shows
 * the block's source as a code block instead and warns.
 */
import {createRequire} from 'node:module';
import {basename, join} from 'node:path';
import {diagramState, svgPath, svgSize, textAlternative, VARIANTS, type Variant} from './diagrams';

const FILE_LOADER = createRequire(join(process.cwd(), 'package.json')).resolve('file-loader');

interface Node {
  type: string;
  lang?: string | null;
  value?: string;
  children?: Node[];
  position?: {start: {line: number}};
  [key: string]: unknown;
}

/** An estree Program holding one expression, as MDX JSX attribute expressions carry it. */
function expressionAttribute(name: string, code: string, expression: object) {
  return {
    type: 'mdxJsxAttribute',
    name,
    value: {
      type: 'mdxJsxAttributeValueExpression',
      value: code,
      data: {estree: {type: 'Program', sourceType: 'module', comments: [], body: [{type: 'ExpressionStatement', expression}]}},
    },
  };
}

/** `require("!<file-loader>?name=...!./file.svg").default` */
function requireDefault(request: string) {
  const literal = {type: 'Literal', value: request, raw: JSON.stringify(request)};
  return {
    code: `require(${JSON.stringify(request)}).default`,
    expression: {
      type: 'MemberExpression',
      object: {type: 'CallExpression', callee: {type: 'Identifier', name: 'require'}, arguments: [literal], optional: false},
      property: {type: 'Identifier', name: 'default'},
      computed: false,
      optional: false,
    },
  };
}

const attribute = (name: string, value: string) => ({type: 'mdxJsxAttribute', name, value});

function figure(page: string, index: number, source: string, svg: Record<Variant, string>): Node {
  const {title, description} = textAlternative(source);
  const alt = [title, description].filter(Boolean).join(': ') || `diagram ${index}`;
  const images = VARIANTS.map((variant) => {
    const file = basename(svgPath(page, index, variant));
    const src = requireDefault(`!${FILE_LOADER}?name=assets/images/[name]-[contenthash].[ext]!./${file}`);
    const size = svgSize(svg[variant]);
    return {
      type: 'mdxJsxFlowElement',
      name: 'img',
      attributes: [
        attribute('className', `ksn-diagram__${variant}`),
        expressionAttribute('src', src.code, src.expression),
        attribute('alt', alt),
        ...(size ? [attribute('width', String(size.width)), attribute('height', String(size.height))] : []),
        attribute('decoding', 'async'),
      ],
      children: [],
    };
  });
  return {
    type: 'mdxJsxFlowElement',
    name: 'figure',
    attributes: [attribute('className', 'ksn-diagram'), attribute('data-diagram', String(index))],
    children: images,
  };
}

export default function remarkDiagrams() {
  return (tree: Node, file: {path?: string; history?: string[]}) => {
    const page = file.path ?? file.history?.[0];
    if (!page) return;
    let index = 0;
    const visit = (node: Node) => {
      const children = node.children ?? [];
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        if (child.type === 'code' && child.lang === 'mermaid') {
          index++;
          const source = child.value ?? '';
          const state = diagramState(page, index, source);
          if (state.status === 'current') {
            children[i] = figure(page, index, source, state.svg);
          } else {
            const message = `${page}:${child.position?.start.line ?? '?'}: the SVG of mermaid block ${index} is ${state.status} (${basename(state.file)}). Run \`npm run diagrams\` (needs Chromium) and commit the SVG files.`;
            if (process.env.NODE_ENV === 'production') throw new Error(message);
            console.warn(`[diagrams] ${message} Showing the block's source meanwhile.`);
            child.lang = 'text';
          }
        } else {
          visit(child);
        }
      }
    };
    visit(tree);
  };
}
