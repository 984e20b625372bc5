/**
 * A loopback TCP relay in front of one server (Redis), that a test can cut and restore: the clients
 * behind it lose their connections and cannot reconnect until `restore()`, while every other client of
 * the server keeps working. This is one instance cut off from Redis (a partial outage).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpRelay {
  /** `redis://127.0.0.1:<port>` style URL for the given scheme (default `redis`). */
  url(scheme?: string): string;
  readonly port: number;
  /** Drop every relayed connection and refuse new ones until {@link TcpRelay.restore}. */
  cut(): void;
  restore(): void;
  /** Connections currently relayed. */
  open(): number;
  close(): Promise<void>;
}

/**
 * @example
 * const relay = await startTcpRelay(redis.port);
 * const stores = createRedisStores(relay.url());
 * relay.cut(); ... relay.restore();
 * await relay.close();
 */
export async function startTcpRelay(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpRelay> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('tcp relay: no address');
  const port = address.port;
  const dropAll = (): void => {
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    url: (scheme = 'redis') => `${scheme}://127.0.0.1:${port}`,
    port,
    cut: () => {
      refusing = true;
      dropAll();
    },
    restore: () => {
      refusing = false;
    },
    open: () => pairs.size,
    close: async () => {
      refusing = true;
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
