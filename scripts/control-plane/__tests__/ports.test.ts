import {describe, expect, it} from '@jest/globals';
import {createServer} from 'node:net';
import {freePorts} from '../ports';

describe('freePorts', () => {
  it('returns distinct ports that can be bound on 127.0.0.1 right away', async () => {
    const ports = await freePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) {
      expect(port).toBeGreaterThan(0);
      expect(port).toBeLessThan(65536);
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('rejects a count that is not a small positive integer', async () => {
    await expect(freePorts(0)).rejects.toThrow(/count/);
    await expect(freePorts(1.5)).rejects.toThrow(/count/);
    await expect(freePorts(1000)).rejects.toThrow(/count/);
  });
});
