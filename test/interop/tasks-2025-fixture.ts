/**
 * Tools for the 2025-11-25 tasks tests: one per taskSupport value and outcome, on the shared test
 * registry (test/transport/fixture.ts), served by a real app on 127.0.0.1.
 */
import type { ToolDefinition } from '../../runtime/src/registry/types.js';
import { RpcError } from '../../runtime/src/protocol/errors.js';
import { toolError } from '../../runtime/src/handler/results.js';
import { createMcpServer } from '../../runtime/src/server/create-server.js';
import { createApp, type App } from '../../runtime/src/app/create-app.js';
import { silentLogger } from '../../runtime/src/logger/index.js';
import type { McpServer, ServerOptions } from '../../runtime/src/server/types.js';
import { compile, testRegistry, testSettings } from '../transport/fixture.js';

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });

function tool(def: Omit<ToolDefinition, 'validateInput'>): ToolDefinition {
  return { ...def, validateInput: compile(def.inputSchema) } as ToolDefinition;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/** Handlers that were stopped by their signal (cancel), by tool label. */
export const aborted = new Set<string>();

export const taskTools: ToolDefinition[] = [
  tool({
    name: 'slow',
    description: 'Sleeps ms, then answers (a task when asked)',
    inputSchema: obj({ ms: { type: 'integer' }, label: { type: 'string' } }),
    taskSupport: 'optional',
    handler: async ({ ms = 300, label = '' }: { ms?: number; label?: string }, ctx) => {
      try {
        await sleep(ms / 2, ctx.signal);
        await ctx.progress(1, 2, 'half way');
        await sleep(ms / 2, ctx.signal);
      } catch (err) {
        aborted.add(label);
        throw err;
      }
      return `slept ${ms} ${label}`;
    },
  }),
  tool({
    name: 'must.task',
    taskSupport: 'required',
    inputSchema: obj({}),
    handler: () => 'done as a task',
  }),
  tool({
    name: 'soft.fail',
    taskSupport: 'optional',
    inputSchema: obj({}),
    handler: () => toolError('quota exceeded'),
  }),
  tool({
    name: 'rpc.fail',
    taskSupport: 'optional',
    inputSchema: obj({}),
    handler: () => {
      throw new RpcError(-32050, 'upstream refused the job', { upstream: 'billing' });
    },
  }),
  tool({
    name: 'confirm',
    description: 'Asks the user inside the task',
    taskSupport: 'optional',
    inputSchema: obj({}),
    handler: async (_input: object, ctx) => {
      const answer = await ctx.elicit({ message: 'Proceed?', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } } } });
      return `answer ${answer.action} ${JSON.stringify(answer.content ?? {})}`;
    },
  }),
];

/** The test registry plus the task tools, on a real app (ephemeral port on 127.0.0.1). */
export async function startTaskApp(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<{ app: App; server: McpServer; url: string }> {
  const base = testRegistry();
  const server = createMcpServer(testRegistry({ tools: [...base.tools, ...taskTools] }), { settings: testSettings(env), logger: silentLogger(), ...options });
  const app = createApp(server);
  const { url } = await app.listen(0, '127.0.0.1');
  return { app, server, url };
}
