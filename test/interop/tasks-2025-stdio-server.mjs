// A stdio app with task-capable tools for tasks-2025-stdio.test.ts (runCli on the built runtime: npm run build).
import { createMcpServer, runCli } from '../../runtime/dist/index.js';

const anyObject = () => true;
anyObject.errors = null;

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

const registry = {
  server: { name: 'tasks-stdio', version: '0.0.1' },
  tools: [
    {
      name: 'slow',
      inputSchema: { type: 'object', properties: { ms: { type: 'integer' } } },
      validateInput: anyObject,
      taskSupport: 'optional',
      handler: async ({ ms = 200 }, ctx) => {
        await sleep(ms, ctx.signal);
        return `slept ${ms}`;
      },
    },
    {
      name: 'ask.model',
      inputSchema: { type: 'object' },
      validateInput: anyObject,
      taskSupport: 'required',
      handler: async (_i, ctx) => {
        const r = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'ping' } }], maxTokens: 5 });
        return `model: ${r.content.text}`;
      },
    },
  ],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  completions: [],
};

await runCli(() => createMcpServer(registry), { argv: process.argv.slice(2) });
