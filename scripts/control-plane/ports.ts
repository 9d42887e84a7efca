/**
 * Free TCP ports on 127.0.0.1 for the control-plane components.
 *
 * Usage (as a library):
 *   const [etcdClient, etcdPeer, apiserver] = await freePorts(3);
 *
 * The kernel picks each port (listen on port 0), and all of them are held open until every one
 * is chosen, so the list has no duplicates. A port can still be taken by someone else between
 * this call and the component's bind; the harness retries a start that failed with
 * "address already in use".
 */
import {createServer, type Server} from 'node:net';

export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`freePorts: count must be an integer from 1 to 64, got ${count}`);
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({port: 0, host, exclusive: true}, () => resolve());
      });
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('freePorts: the socket has no TCP address');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
  }
}
