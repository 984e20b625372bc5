/**
 * Starting one row's server and getting it ready for load: start it (core 1), open a session when the
 * server issues one, check one real call of `add`, and build the headers wrk sends.
 */
import { startServer } from './server.mjs';
import { callAdd, initialize, sessionHeaders } from './mcp-client.mjs';

/**
 * @returns {Promise<{ server: import('./server.mjs').RunningServer, headers: Record<string,string>,
 *                     sessionId: string | undefined, replyType: string, spec: any }>}
 */
export async function startRow(row, ctx) {
  const spec = await row.spec(ctx);
  const server = await startServer({ ...spec, label: row.id, gcProbe: true });
  try {
    const auth = spec.authHeaders ?? {};
    const session = await initialize(server.url, auth);
    const headers = sessionHeaders(auth, session.sessionId, session.protocolVersion);
    const { replyType } = await callAdd(server.url, headers, 2, 3);
    return { server, headers, sessionId: session.sessionId, replyType, spec };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Short name of a reply's media type: json, sse or what it was. */
export function replyKind(contentType) {
  if (contentType.startsWith('application/json')) return 'json';
  if (contentType.startsWith('text/event-stream')) return 'sse';
  return contentType || 'none';
}
