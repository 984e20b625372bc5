/**
 * A real app for security and hostile-input tests: a registry exercising every policy (roles, ttl,
 * rateLimit, timeoutMs), validators compiled by Ajv, the default security layer built from an env map,
 * served on 127.0.0.1 with an ephemeral port. Server logs are captured so tests can assert on them.
 */
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createApp, type App, type AppOptions } from '../../runtime/src/app/create-app.js';
import { createLogger } from '../../runtime/src/logger/index.js';
import type { RegistryDefinition, Validator } from '../../runtime/src/registry/types.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import type { McpServer, ServerOptions } from '../../runtime/src/server/types.js';
import { loadSettings } from '../../runtime/src/settings/load.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const v = (schema: object): Validator => ajv.compile(schema) as unknown as Validator;

export interface Counters {
  cachedRuns: number;
  slowAborted: number;
}

export function testRegistry(counters: Counters): RegistryDefinition {
  const addSchema = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false };
  const echoSchema = { type: 'object', properties: { text: { type: 'string', maxLength: 10_000 } }, required: ['text'] };
  const empty = { type: 'object' };
  return {
    server: { name: 'security-fixture', version: '1.0.0' },
    tools: [
      { name: 'math.add', inputSchema: addSchema, validateInput: v(addSchema), handler: ({ a, b }: { a: number; b: number }) => String(a + b) },
      { name: 'echo', inputSchema: echoSchema, validateInput: v(echoSchema), handler: ({ text }: { text: string }) => text },
      { name: 'whoami', inputSchema: empty, validateInput: v(empty), handler: (_i: unknown, ctx: { caller: { id: string; roles: readonly string[] } }) => JSON.stringify({ id: ctx.caller.id, roles: ctx.caller.roles }) },
      { name: 'admin.secret', roles: ['admin'], inputSchema: empty, validateInput: v(empty), handler: () => 'the admin secret' },
      { name: 'cached', ttl: 60, inputSchema: empty, validateInput: v(empty), handler: () => String(++counters.cachedRuns) },
      { name: 'limited', rateLimit: '2/h', inputSchema: empty, validateInput: v(empty), handler: () => 'ok' },
      {
        name: 'slow',
        timeoutMs: 150,
        inputSchema: empty,
        validateInput: v(empty),
        handler: (_i: unknown, ctx: { signal: AbortSignal }) =>
          new Promise<string>((resolve) => {
            const t = setTimeout(() => resolve('finished'), 5000);
            ctx.signal.addEventListener('abort', () => {
              counters.slowAborted++;
              clearTimeout(t);
              resolve('aborted');
            });
          }),
      },
      {
        name: 'sleepy',
        inputSchema: empty,
        validateInput: v(empty),
        handler: (_i: unknown, ctx: { signal: AbortSignal }) =>
          new Promise<string>((resolve) => {
            const t = setTimeout(() => resolve('woke up'), 3000);
            ctx.signal.addEventListener('abort', () => {
              clearTimeout(t);
              resolve('aborted');
            });
          }),
      },
      {
        name: 'crash',
        inputSchema: empty,
        validateInput: v(empty),
        handler: () => {
          throw new Error('boom');
        },
      },
    ],
    resources: [
      { name: 'about', uri: 'info://about', mimeType: 'text/plain', handler: () => 'about text' },
      { name: 'admin-notes', uri: 'info://admin-notes', roles: ['admin'], handler: () => 'admin notes' },
    ],
    resourceTemplates: [
      {
        name: 'doc',
        uriTemplate: 'docs://{name}',
        paramsSchema: { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' } }, required: ['name'] },
        validateParams: v({ type: 'object', properties: { name: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' } }, required: ['name'] }),
        handler: ({ name }: { name: string }) => `doc ${name}`,
      },
    ],
    prompts: [
      { name: 'greet', arguments: [{ name: 'name', required: true }], handler: ({ name }: { name: string }) => `Say hi to ${name}` },
      { name: 'admin.prompt', roles: ['admin'], arguments: [], handler: () => 'admin prompt' },
    ],
    completions: [],
  };
}

export interface TestApp {
  readonly url: string;
  readonly base: string;
  readonly port: number;
  readonly server: McpServer;
  readonly app: App;
  readonly logs: string[];
  readonly counters: Counters;
  close(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}, options: ServerOptions = {}, appOptions: AppOptions = { openapi: MINIMAL_OPENAPI }): Promise<TestApp> {
  const settings = loadSettings({ MCP_LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const logger = createLogger(settings, { destination: sink });
  const counters: Counters = { cachedRuns: 0, slowAborted: 0 };
  const server = createMcpServer(testRegistry(counters), { settings, logger, ...options });
  const app = createApp(server, appOptions);
  const { url } = await app.listen(0, '127.0.0.1');
  const base = url.replace(/\/mcp$/, '');
  return { url, base, port: Number(new URL(url).port), server, app, logs, counters, close: () => app.close() };
}

export const MINIMAL_OPENAPI = { openapi: '3.1.0', info: { title: 'security-fixture', version: '1.0.0' }, paths: {} };

export const PROTOCOL = '2025-11-25';
export const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

/** Parses a reply that may be JSON or SSE (last `data:` line carrying a JSON-RPC response). */
export function rpcBody(text: string): any {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) return JSON.parse(t);
  const datas = t
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trim())
    .filter((l) => l.length > 0);
  for (let i = datas.length - 1; i >= 0; i--) {
    const m = JSON.parse(datas[i]!);
    if ('result' in m || 'error' in m) return m;
  }
  return undefined;
}
