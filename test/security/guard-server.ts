/**
 * A real HTTP server on 127.0.0.1 that runs HTTP guards the way the core does (body read with the
 * limit when a guard needs it, errors rendered as JSON with their headers) and then answers 200 with
 * the caller. Lets guard tests go through real sockets before the app exists.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBodyLimited } from '../../runtime/src/middleware/limits/index.js';
import { httpErrorReply, runGuards } from '../../runtime/src/middleware/pipeline.js';
import type { GuardRequest, HttpGuard } from '../../runtime/src/middleware/types.js';

export interface GuardServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function serveGuards(guards: readonly HttpGuard[], options: { maxBodyBytes?: number } = {}): Promise<GuardServer> {
  const needsBody = guards.some((g) => g.needsBody === true);
  const max = options.maxBodyBytes ?? 1 << 20;
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const gr: GuardRequest = {
      req,
      res,
      path: (req.url ?? '/').split('?')[0]!,
      method: req.method ?? 'GET',
      ip: req.socket.remoteAddress ?? '',
      requestId: String(++n),
    };
    const fail = (err: unknown): void => {
      const r = httpErrorReply(err);
      if (res.headersSent) return;
      res.writeHead(r.status, { ...r.headers, 'Content-Type': 'application/json' });
      res.end(r.body);
    };
    const done = (): void => {
      if (res.writableEnded) return;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, caller: gr.caller ?? null }));
    };
    const go = async (): Promise<void> => {
      if (needsBody) gr.rawBody = await readBodyLimited(req, max);
      else req.resume();
      const v = runGuards(guards, gr);
      const out = v instanceof Promise ? await v : v;
      if (out === 'handled') return;
      done();
    };
    go().catch(fail);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
