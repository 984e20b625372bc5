/**
 * A hand-built registry for protocol and transport tests: validators compiled by Ajv here, handlers
 * that exercise every context feature (progress, logging, sampling, elicitation, roots, stream close).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type {
  CompletionDefinition,
  PromptDefinition,
  RegistryDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ToolDefinition,
  Validator,
} from '../../runtime/src/registry/types.js';
import { NotImplementedError, image, text, toolError, toolResult } from '../../runtime/src/handler/results.js';
import { loadSettings } from '../../runtime/src/settings/load.js';
import type { Settings } from '../../runtime/src/settings/types.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import type { McpServer, ServerOptions } from '../../runtime/src/server/types.js';
import { createApp, type App } from '../../runtime/src/app/create-app.js';

const ajv = new Ajv2020({ allErrors: false, strict: false });
export const compile = (schema: object): Validator => ajv.compile(schema) as unknown as Validator;

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });

function tool(def: Omit<ToolDefinition, 'validateInput' | 'validateOutput'>): ToolDefinition {
  return {
    ...def,
    validateInput: compile(def.inputSchema),
    ...(def.outputSchema !== undefined ? { validateOutput: compile(def.outputSchema) } : {}),
  } as ToolDefinition;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

export const tools: ToolDefinition[] = [
  tool({
    name: 'math.add',
    title: 'Add',
    description: 'Add two integers',
    inputSchema: obj({ a: { type: 'integer' }, b: { type: 'integer' } }, ['a', 'b']),
    outputSchema: obj({ sum: { type: 'integer' } }, ['sum']),
    annotations: { readOnlyHint: true },
    icons: [{ src: 'https://example.com/add.png', mimeType: 'image/png' }],
    handler: ({ a, b }: { a: number; b: number }) => ({ sum: a + b }),
  }),
  tool({
    name: 'sum',
    description: 'The reference README tool',
    inputSchema: obj({ a: { type: 'integer' }, b: { type: 'integer' } }, ['a', 'b']),
    handler: ({ a, b }: { a: number; b: number }) => String(a + b),
  }),
  tool({
    name: 'bad.output',
    inputSchema: obj({}),
    outputSchema: obj({ sum: { type: 'integer' } }, ['sum']),
    handler: () => ({ sum: 'nope' }),
  }),
  tool({
    name: 'echo',
    inputSchema: obj({ text: { type: 'string' } }, ['text']),
    handler: ({ text: t }: { text: string }) => t,
  }),
  tool({
    name: 'content.all',
    inputSchema: obj({}),
    handler: () => [text('hello'), image(new Uint8Array([1, 2, 3]), 'image/png'), { type: 'resource_link', uri: 'config://app', name: 'app' }],
  }),
  tool({
    name: 'fails',
    inputSchema: obj({}),
    handler: () => {
      throw new Error('database unreachable');
    },
  }),
  tool({
    name: 'soft.error',
    inputSchema: obj({}),
    handler: () => toolError('division by zero'),
  }),
  tool({
    name: 'not.done',
    inputSchema: obj({}),
    handler: () => {
      throw new NotImplementedError('tool', 'not.done', 'src/handlers/tools/not.done.ts');
    },
  }),
  tool({
    name: 'count',
    description: 'Counts to n with progress and logs',
    inputSchema: obj({ n: { type: 'integer' }, delayMs: { type: 'integer' } }, ['n']),
    handler: async ({ n, delayMs }: { n: number; delayMs?: number }, ctx) => {
      for (let i = 1; i <= n; i++) {
        ctx.signal.throwIfAborted();
        await ctx.progress(i, n, `step ${i}`);
        ctx.log.info(`step ${i}`);
        if (delayMs) await sleep(delayMs, ctx.signal);
      }
      return `counted to ${n}`;
    },
  }),
  tool({
    name: 'wait',
    description: 'Waits until cancelled (or 10 s)',
    inputSchema: obj({}),
    handler: async (_i: object, ctx) => {
      await sleep(10_000, ctx.signal);
      return 'finished';
    },
  }),
  tool({
    name: 'ask.model',
    inputSchema: obj({ question: { type: 'string' } }, ['question']),
    handler: async ({ question }: { question: string }, ctx) => {
      const r = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: question } }], maxTokens: 50 });
      const c = r.content as { type: string; text?: string };
      return `model said: ${c.text ?? ''}`;
    },
  }),
  tool({
    name: 'ask.user',
    inputSchema: obj({}),
    handler: async (_i: object, ctx) => {
      const r = await ctx.elicit({ message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } });
      return r.action === 'accept' ? `hello ${String(r.content?.['name'])}` : `user chose ${r.action}`;
    },
  }),
  tool({
    name: 'list.roots',
    inputSchema: obj({}),
    handler: async (_i: object, ctx) => {
      const roots = await ctx.listRoots();
      return roots.map((r) => r.uri).join(',');
    },
  }),
  tool({
    name: 'test_reconnection',
    description: 'Closes the SSE stream mid-call, then answers',
    inputSchema: obj({}),
    handler: async (_i: object, ctx) => {
      ctx.closeSseStream(50);
      await sleep(150);
      ctx.log.info('after reconnect');
      return 'reconnected';
    },
  }),
  tool({
    name: 'admin.only',
    roles: ['admin'],
    inputSchema: obj({}),
    handler: () => 'secret',
  }),
  tool({
    name: 'touch',
    description: 'Fires resource updated and list changed',
    inputSchema: obj({ uri: { type: 'string' } }, ['uri']),
    handler: async ({ uri }: { uri: string }, ctx) => {
      await ctx.notifyResourceUpdated(uri);
      return 'touched';
    },
  }),
  tool({
    name: 'structured',
    inputSchema: obj({}),
    outputSchema: obj({ ok: { type: 'boolean' } }, ['ok']),
    handler: () => toolResult({ content: 'all good', structuredContent: { ok: true } }),
  }),
];

export const resources: ResourceDefinition[] = [
  { name: 'app-config', uri: 'config://app', mimeType: 'application/json', subscribe: true, handler: () => '{"debug":true}' },
  { name: 'logo', uri: 'file:///logo.png', mimeType: 'image/png', handler: () => new Uint8Array([137, 80, 78, 71]) },
  { name: 'secret', uri: 'config://secret', roles: ['admin'], handler: () => 'hidden' },
];

export const resourceTemplates: ResourceTemplateDefinition[] = [
  {
    name: 'profile',
    uriTemplate: 'users://{user_id}/profile',
    mimeType: 'application/json',
    paramsSchema: obj({ user_id: { type: 'integer', minimum: 1 } }, ['user_id']),
    validateParams: compile(obj({ user_id: { type: 'integer', minimum: 1 } }, ['user_id'])),
    complete: { user_id: 'user-ids' },
    handler: ({ user_id }: { user_id: number }) => JSON.stringify({ id: user_id, name: 'Alice', type: typeof user_id }),
  },
];

export const prompts: PromptDefinition[] = [
  {
    name: 'greet',
    description: 'A greeting',
    arguments: [{ name: 'name', required: true, complete: 'cities' }],
    handler: ({ name }: { name: string }) => `Write a warm one-line greeting for ${name}.`,
  },
];

prompts.push({
  name: 'broken',
  arguments: [],
  handler: () => {
    throw new Error('secret connection string postgres://u:p@db');
  },
});

export const completions: CompletionDefinition[] = [
  {
    name: 'cities',
    handler: (prefix) => ['Dhaka', 'Chittagong', 'Khulna', 'Rajshahi'].filter((c) => c.toLowerCase().startsWith(prefix.toLowerCase())),
  },
  { name: 'user-ids', handler: () => Array.from({ length: 150 }, (_, i) => String(i + 1)) },
];

export function testRegistry(extra: Partial<RegistryDefinition> = {}): RegistryDefinition {
  return {
    server: { name: 'test-server', version: '1.0.0', title: 'Test Server', instructions: 'Use the tools.' },
    tools: [...tools],
    resources: [...resources],
    resourceTemplates: [...resourceTemplates],
    prompts: [...prompts],
    completions: [...completions],
    ...extra,
  };
}

export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({ MCP_LOG_LEVEL: 'silent', ...env });
}

export function testServer(options: ServerOptions & { env?: Record<string, string> } = {}): McpServer {
  const { env, ...rest } = options;
  return createMcpServer(testRegistry(), { settings: testSettings(env), logger: silentLogger(), ...rest });
}

/** Start an app on an ephemeral loopback port. */
export async function startApp(options: ServerOptions & { env?: Record<string, string> } = {}): Promise<{ app: App; server: McpServer; url: string }> {
  const server = testServer(options);
  const app = createApp(server);
  const { url } = await app.listen(0, '127.0.0.1');
  return { app, server, url };
}

export const ACCEPT_BOTH = 'application/json, text/event-stream';

/** POST a JSON-RPC message with the usual headers; returns status, headers and the body text. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Parse an SSE body into events. */
export function parseSse(text: string): { id?: string; event?: string; data: string; retry?: string }[] {
  const events: { id?: string; event?: string; data: string; retry?: string }[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    const e: { id?: string; event?: string; data: string; retry?: string } = { data: '' };
    let hasField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i === -1 ? line : line.slice(0, i);
      const value = i === -1 ? '' : line.slice(i + 1).replace(/^ /, '');
      hasField = true;
      if (field === 'data') e.data += (e.data ? '\n' : '') + value;
      else if (field === 'id') e.id = value;
      else if (field === 'event') e.event = value;
      else if (field === 'retry') e.retry = value;
    }
    if (hasField) events.push(e);
  }
  return events;
}

export const INIT = (version = '2025-11-25', capabilities: object = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: version, capabilities, clientInfo: { name: 'raw-test', version: '0' } },
});

/** Initialize a session over raw HTTP; returns its id and the headers later requests need. */
export async function openSession(url: string, version = '2025-11-25', capabilities: object = {}): Promise<{ sessionId: string; headers: Record<string, string> }> {
  const r = await post(url, INIT(version, capabilities));
  if (r.status !== 200) throw new Error(`initialize failed: ${r.status} ${r.text}`);
  const sessionId = r.headers.get('mcp-session-id');
  if (!sessionId) throw new Error('no session id');
  const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': version };
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  return { sessionId, headers };
}

/** An open SSE response read event by event (bounded waits). */
export interface SseReader {
  readonly status: number;
  readonly headers: Headers;
  /** Next event (comments skipped unless `withComments`); rejects after `ms`. */
  next(ms?: number): Promise<{ id?: string; event?: string; data: string; retry?: string; comment?: string }>;
  /** Raw text received so far. */
  readonly raw: string;
  close(): void;
}

export async function openSse(url: string, init: RequestInit & { withComments?: boolean } = {}): Promise<SseReader> {
  const ac = new AbortController();
  const res = await fetch(url, { ...init, signal: ac.signal });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let raw = '';
  const queue: { id?: string; event?: string; data: string; retry?: string; comment?: string }[] = [];
  const pull = async (ms: number): Promise<void> => {
    if (!reader) throw new Error('no body');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no SSE event within ${ms} ms; got: ${raw}`)), ms));
    const chunk = await Promise.race([reader.read(), timeout]);
    if (chunk.done) throw new Error(`stream ended; got: ${raw}`);
    const text = decoder.decode(chunk.value, { stream: true });
    raw += text;
    buffer += text;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (block.startsWith(':')) {
        if (init.withComments) queue.push({ data: '', comment: block.slice(1).trim() });
        continue;
      }
      queue.push(...parseSse(block + '\n\n'));
    }
  };
  return {
    status: res.status,
    headers: res.headers,
    get raw() {
      return raw;
    },
    async next(ms = 2000) {
      const deadline = Date.now() + ms;
      while (queue.length === 0) await pull(Math.max(1, deadline - Date.now()));
      return queue.shift()!;
    },
    close() {
      ac.abort();
    },
  };
}
