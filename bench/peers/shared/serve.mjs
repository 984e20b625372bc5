/**
 * How a peer server tells the bench it is ready, and how it stops: it prints `READY <port>` on
 * stdout once listening on 127.0.0.1, and closes on SIGTERM/SIGINT (the bench always sends one).
 */
export function announce(server) {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('peer: server is not listening on TCP');
  process.stdout.write(`READY ${address.port}\n`);
  const stop = () => {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Listens on an ephemeral loopback port and announces it. */
export function listenAndAnnounce(server) {
  server.listen(0, '127.0.0.1', () => announce(server));
}

/** Reads a free ephemeral loopback port (for servers that only accept a fixed port number). */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(address.port));
    });
  });
}
