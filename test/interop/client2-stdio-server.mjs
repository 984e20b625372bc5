// The stdio server of client2-stdio.test.ts: a small registry served by runCli from the built runtime
// (npm run build). Validators accept everything: these tests are about the wire, not validation.
import { createMcpServer, configureStateless, runCli } from '../../runtime/dist/index.js';

const any = Object.assign(() => true, { errors: null });
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

const registry = {
  server: { name: 'client2-stdio', version: '2.0.0' },
  tools: [
    {
      name: 'weather',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      outputSchema: { type: 'object', properties: { city: { type: 'string' }, tempC: { type: 'number' } }, required: ['city', 'tempC'] },
      validateInput: any,
      validateOutput: any,
      handler: ({ city }) => ({ city, tempC: 21 }),
    },
    {
      name: 'ask.name',
      inputSchema: { type: 'object' },
      validateInput: any,
      handler: async (_i, ctx) => {
        const r = await ctx.elicit({ message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }, { key: 'name' });
        return `hello ${r.content?.name}`;
      },
    },
    {
      name: 'count',
      inputSchema: { type: 'object', properties: { n: { type: 'integer' } } },
      validateInput: any,
      handler: async ({ n }, ctx) => {
        for (let i = 1; i <= n; i++) {
          await ctx.progress(i, n);
          ctx.log.info(`step ${i}`);
          await sleep(5);
        }
        return 'done';
      },
    },
    {
      name: 'slow',
      taskSupport: 'optional',
      inputSchema: { type: 'object', properties: { ms: { type: 'integer' } } },
      validateInput: any,
      handler: async ({ ms }, ctx) => {
        await sleep(ms, ctx.signal);
        return `slept ${ms} ms`;
      },
    },
  ],
  resources: [{ name: 'config', uri: 'config://app', mimeType: 'text/plain', handler: () => 'cfg' }],
  resourceTemplates: [],
  prompts: [{ name: 'greet', arguments: [{ name: 'name', required: true }], handler: ({ name }) => `Hello ${name}` }],
  completions: [],
};

await runCli(() => {
  const server = createMcpServer(registry);
  configureStateless(server, { taskGraceMs: 50, taskPollIntervalMs: 20 });
  return server;
}, { argv: process.argv.slice(2) });
