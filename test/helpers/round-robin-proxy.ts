/**
 * A small HTTP load balancer for multi-instance tests: round-robin over upstream ports on 127.0.0.1,
 * responses streamed back as they come (SSE passes through unbuffered). An upstream that refuses the
 * connection is skipped, as a real balancer's health check would; a request can be pinned to one
 * upstream to make a test's routing deterministic.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyHop {
  readonly method: string;
  readonly path: string;
  /** Index of the upstream that answered, or -1 when none could. */
  readonly upstream: number;
}

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request in order, with the upstream that served it. */
  readonly hops: readonly ProxyHop[];
  /** Send every following request to this upstream (undefined: back to round-robin). */
  pin(upstream: number | undefined): void;
  /**
   * While on, bytes of open GET (SSE) responses are dropped on the floor instead of reaching the client:
   * events the server wrote but the client never got, as when a connection dies with data in flight.
   */
  dropGetStreams(on: boolean): void;
  /** Cut every open GET (SSE) connection, both sides, as a network blip would; the instances stay up. */
  cutGetStreams(): void;
  /** Replace the upstream list (e.g. after restarting an instance on a new port). */
  setUpstreams(ports: readonly number[]): void;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * @example
 * const proxy = await startRoundRobinProxy([a.port, b.port, c.port]);
 * const transport = new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`));
 */
export async function startRoundRobinProxy(initialPorts: readonly number[]): Promise<RoundRobinProxy> {
  let ports = [...initialPorts];
  let next = 0;
  let pinned: number | undefined;
  let dropping = false;
  const hops: ProxyHop[] = [];
  const open = new Set<ServerResponse>();
  const openGets = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, upstream: number, attemptsLeft: number): void => {
    const port = ports[upstream];
    if (port === undefined) throw new Error(`proxy: no upstream #${upstream}`);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['host'] = `127.0.0.1:${port}`;
    headers['content-length'] = String(body.length);
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
    const upstreamReq = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (upstreamRes) => {
      hops.push({ method: req.method ?? '', path: req.url ?? '', upstream });
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstreamRes.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      }
      res.writeHead(upstreamRes.statusCode ?? 502, out);
      res.flushHeaders();
      const isGet = req.method === 'GET';
      upstreamRes.on('data', (chunk: Buffer) => {
        if (!(dropping && isGet)) res.write(chunk);
      });
      upstreamRes.on('end', () => res.end());
      // The instance died mid-stream: cut the client's connection too, as a real balancer does.
      upstreamRes.on('error', () => res.destroy());
      upstreamRes.on('aborted', () => res.destroy());
      res.on('close', () => upstreamRes.destroy());
    });
    upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error.code === 'ECONNREFUSED' && attemptsLeft > 1 && pinned === undefined) {
        forward(req, res, body, (upstream + 1) % ports.length, attemptsLeft - 1);
        return;
      }
      hops.push({ method: req.method ?? '', path: req.url ?? '', upstream: -1 });
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: upstream unavailable (${error.code ?? error.message})`);
    });
    upstreamReq.end(body);
  };

  const server: Server = createServer((req, res) => {
    open.add(res);
    if (req.method === 'GET') openGets.add(res);
    res.on('close', () => {
      open.delete(res);
      openGets.delete(res);
    });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      const upstream = pinned ?? next++ % ports.length;
      forward(req, res, Buffer.concat(chunks), upstream, ports.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    hops,
    pin: (upstream) => {
      if (upstream !== undefined && (upstream < 0 || upstream >= ports.length)) throw new Error(`proxy: no upstream #${upstream}`);
      pinned = upstream;
    },
    cutGetStreams: () => {
      for (const res of openGets) res.destroy();
    },
    dropGetStreams: (on) => {
      dropping = on;
    },
    setUpstreams: (list) => {
      ports = [...list];
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
