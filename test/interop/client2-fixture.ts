/**
 * The server the official 2.x client tests talk to: a hand-built registry (validators compiled by Ajv
 * here) whose handlers use every part of the handler context the 2026-07-28 revision changes:
 * structured output, input requests (elicitation, sampling, roots), progress, logs, tasks, caching
 * hints, `x-mcp-header` parameters and list-change notifications.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { RegistryDefinition, ToolDefinition, Validator } from '../../runtime/src/registry/types.js';
import { loadSettings } from '../../runtime/src/settings/load.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import type { McpServer, ServerOptions } from '../../runtime/src/server/types.js';
import { createApp, type App } from '../../runtime/src/app/create-app.js';
import { configureStateless } from '../../runtime/src/protocol/rev2026/configure.js';
import type { StatelessOptions } from '../../runtime/src/protocol/rev2026/options.js';

const ajv = new Ajv2020({ allErrors: false, strict: false });
const compile = (schema: object): Validator => ajv.compile(schema) as unknown as Validator;
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });

function tool(def: Omit<ToolDefinition, 'validateInput' | 'validateOutput'>): ToolDefinition {
  return {
    ...def,
    validateInput: compile(def.inputSchema),
    ...(def.outputSchema !== undefined ? { validateOutput: compile(def.outputSchema) } : {}),
  } as ToolDefinition;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });

/** Calls of `slow` that were cancelled (the handler saw its signal abort). */
export const cancelledRuns: string[] = [];

const nameSchema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } as const;

export function client2Registry(): RegistryDefinition {
  return {
    server: { name: 'client2-fixture', version: '2.0.0', title: 'Client 2.x fixture', instructions: 'Fixture for the 2.x client tests.' },
    tools: [
      tool({
        name: 'weather',
        description: 'Structured weather for a city',
        inputSchema: obj({ city: { type: 'string' } }, ['city']),
        outputSchema: obj({ city: { type: 'string' }, tempC: { type: 'number' } }, ['city', 'tempC']),
        annotations: { readOnlyHint: true },
        handler: ({ city }: { city: string }) => ({ city, tempC: city.length * 2.5 }),
      }),
      tool({
        name: 'ask.name',
        description: 'Asks the user for a name (elicitation)',
        inputSchema: obj({}),
        handler: async (_i: object, ctx) => {
          const r = await ctx.elicit({ message: 'Your name?', requestedSchema: nameSchema }, { key: 'name' });
          return r.action === 'accept' ? `hello ${String(r.content?.['name'])}` : `user chose ${r.action}`;
        },
      }),
      tool({
        name: 'ask.all',
        description: 'Asks the user, the model and the roots in one round, then the user again',
        inputSchema: obj({}),
        handler: async (_i: object, ctx) => {
          const [who, said, roots] = await Promise.all([
            ctx.elicit({ message: 'Your name?', requestedSchema: nameSchema }),
            ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hi' } }], maxTokens: 20 }),
            ctx.listRoots(),
          ]);
          const again = await ctx.elicit({ message: 'Your colour?', requestedSchema: { type: 'object', properties: { colour: { type: 'string' } }, required: ['colour'] } });
          const text = (said.content as { text?: string }).text ?? '';
          return `${String(who.content?.['name'])}|${text}|${roots.length}|${String(again.content?.['colour'])}`;
        },
      }),
      tool({
        name: 'count',
        description: 'Counts to n with progress and logs',
        inputSchema: obj({ n: { type: 'integer' } }, ['n']),
        handler: async ({ n }: { n: number }, ctx) => {
          for (let i = 1; i <= n; i++) {
            await ctx.progress(i, n, `step ${i}`);
            ctx.log.info(`step ${i}`);
            await sleep(5);
          }
          return `counted to ${n}`;
        },
      }),
      tool({
        name: 'slow',
        description: 'Sleeps; becomes a task when the client supports tasks',
        taskSupport: 'optional',
        inputSchema: obj({ ms: { type: 'integer' }, label: { type: 'string' } }, ['ms']),
        handler: async ({ ms, label }: { ms: number; label?: string }, ctx) => {
          try {
            await sleep(ms, ctx.signal);
          } catch (err) {
            cancelledRuns.push(label ?? 'slow');
            throw err;
          }
          return `slept ${ms} ms`;
        },
      }),
      tool({
        name: 'confirm',
        description: 'Becomes a task, then asks for a confirmation',
        taskSupport: 'required',
        inputSchema: obj({}),
        handler: async (_i: object, ctx) => {
          await ctx.continueAsTask();
          const r = await ctx.elicit({ message: 'Sure?', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } }, { key: 'sure' });
          return r.content?.['ok'] === true ? 'confirmed' : 'declined';
        },
      }),
      tool({
        name: 'region.echo',
        description: 'Echoes a region mirrored into the Mcp-Param-Region header',
        inputSchema: { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' } }, required: ['region'] },
        handler: ({ region }: { region: string }) => `region ${region}`,
      }),
      tool({
        name: 'tools.changed',
        description: 'Announces a tools list change',
        inputSchema: obj({}),
        handler: async (_i: object, ctx) => {
          await ctx.notifyListChanged('tools');
          return 'announced';
        },
      }),
    ],
    resources: [
      { name: 'config', uri: 'config://app', mimeType: 'application/json', ttl: 60, handler: () => JSON.stringify({ debug: false }) },
      {
        name: 'guide',
        uri: 'docs://guide',
        mimeType: 'text/plain',
        handler: async (ctx) => {
          const r = await ctx.elicit({ message: 'Which chapter?', requestedSchema: { type: 'object', properties: { chapter: { type: 'integer' } }, required: ['chapter'] } }, { key: 'chapter' });
          return `chapter ${String(r.content?.['chapter'])}`;
        },
      },
    ],
    resourceTemplates: [
      {
        name: 'user',
        uriTemplate: 'users://{id}',
        mimeType: 'application/json',
        paramsSchema: obj({ id: { type: 'integer' } }, ['id']),
        validateParams: compile(obj({ id: { type: 'integer' } }, ['id'])),
        complete: { id: 'ids' },
        handler: ({ id }: { id: number }) => JSON.stringify({ id, name: `user ${id}` }),
      },
    ],
    prompts: [
      {
        name: 'greet',
        description: 'Greets someone',
        arguments: [{ name: 'name', required: true, complete: 'names' }],
        handler: ({ name }: { name: string }) => `Say hello to ${name}.`,
      },
      {
        name: 'interview',
        description: 'Asks the user a question before rendering',
        arguments: [],
        handler: async (_a: object, ctx) => {
          const r = await ctx.elicit({ message: 'Topic?', requestedSchema: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] } }, { key: 'topic' });
          return `Interview about ${String(r.content?.['topic'])}`;
        },
      },
    ],
    completions: [
      { name: 'names', handler: (value: string) => ['alice', 'albert', 'bob'].filter((n) => n.startsWith(value)) },
      { name: 'ids', handler: (value: string) => ['1', '12', '123'].filter((n) => n.startsWith(value)) },
    ],
  };
}

export function client2Server(options: ServerOptions = {}, stateless: StatelessOptions = {}): McpServer {
  const server = createMcpServer(client2Registry(), { settings: loadSettings({ MCP_LOG_LEVEL: 'silent' }), logger: silentLogger(), ...options });
  configureStateless(server, { taskGraceMs: 100, taskPollIntervalMs: 20, ...stateless });
  return server;
}

/** Serve the fixture on an ephemeral loopback port. */
export async function startClient2App(options: ServerOptions = {}, stateless: StatelessOptions = {}): Promise<{ app: App; server: McpServer; url: string }> {
  const server = client2Server(options, stateless);
  const app = createApp(server);
  const { url } = await app.listen(0, '127.0.0.1');
  return { app, server, url };
}
