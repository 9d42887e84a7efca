#!/usr/bin/env node
/**
 * Forwards byte streams from one listening address to another: how the host reaches the API
 * server of a control plane that runs inside the node's network namespace (`up --node`) without
 * any change to the host's network. A Unix socket in the cluster's 0700 data folder joins the two
 * namespaces: the file system is shared, the network is not.
 *
 * Usage: spawned by harness.ts, one process on each side:
 *   node forward.mjs tcp:127.0.0.1:PORT unix:/data/api.sock   (host namespace)
 *   node forward.mjs unix:/data/api.sock tcp:127.0.0.1:PORT   (node namespace, through nsenter)
 *
 * Plain JavaScript on purpose: it runs under bare `node`, with no loader.
 */
import {createConnection, createServer} from 'node:net';
import {rmSync} from 'node:fs';

function parse(spec) {
  const m = /^(tcp|unix):(.+)$/.exec(spec ?? '');
  if (!m) throw new Error(`not tcp:HOST:PORT or unix:PATH: ${spec}`);
  if (m[1] === 'unix') return {path: m[2]};
  const i = m[2].lastIndexOf(':');
  return {host: m[2].slice(0, i), port: Number(m[2].slice(i + 1))};
}

const [from, to] = process.argv.slice(2).map(parse);
if (from.path) rmSync(from.path, {force: true});

const server = createServer({pauseOnConnect: false}, (client) => {
  const upstream = createConnection(to);
  client.pipe(upstream);
  upstream.pipe(client);
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end);
  upstream.on('error', end);
  client.on('close', end);
  upstream.on('close', end);
});
server.on('error', (err) => {
  process.stderr.write(`forward: ${err.message}\n`);
  process.exit(1);
});
server.listen(from, () => process.stderr.write(`forward: ${process.argv[2]} -> ${process.argv[3]}\n`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
