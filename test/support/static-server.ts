/**
 * Serves the built site (build/) on a random localhost port, resolving URLs the way the
 * published site does with trailingSlash: false (/a/b -> a/b.html, /en/ -> en/index.html).
 * Used by the browser tests and scripts/report-page-weight.ts.
 */
import {createServer, type Server} from 'node:http';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {extname, join, normalize} from 'node:path';
import {gzipSync} from 'node:zlib';

/** The built site: build/, or the folder KSN_BUILD_DIR names. */
export const BUILD_DIR = process.env.KSN_BUILD_DIR ?? join(process.cwd(), 'build');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function resolveBuildPath(root: string, urlPath: string): string | null {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  const base = join(root, clean);
  if (!base.startsWith(root)) return null;
  for (const candidate of [base, `${base}.html`, join(base, 'index.html')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * `gzip`: compress text responses when the client accepts it, as a static host (GitHub Pages)
 * does; for measurements of load time (scripts/report-lighthouse.ts). The tests read plain bytes.
 */
export async function serveBuild(root: string, options: {gzip?: boolean} = {}): Promise<{url: string; close: () => Promise<void>; server: Server}> {
  const server = createServer((req, res) => {
    const file = resolveBuildPath(root, req.url ?? '/');
    const status = file ? 200 : 404;
    const path = file ?? join(root, '404.html');
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const body = existsSync(path) ? readFileSync(path) : Buffer.from('not found');
    const compress =
      options.gzip === true && /^(text\/|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(status, {'content-type': type, 'cache-control': 'max-age=600', ...(compress ? {'content-encoding': 'gzip'} : {})});
    res.end(compress ? gzipSync(body) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
