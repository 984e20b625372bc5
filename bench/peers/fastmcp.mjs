/**
 * Rows `fastmcp` / `fastmcp-stateless`: FastMCP for TypeScript (`fastmcp`), httpStream transport,
 * stateful by default (its default), `--stateless` for its stateless mode. JSON replies.
 * FastMCP only takes a fixed port, so the peer picks a free ephemeral one first.
 */
import { FastMCP } from 'fastmcp';
import { z } from 'zod';
import { ADD_DESCRIPTION } from './shared/add-tool.mjs';
import { freePort } from './shared/serve.mjs';

const stateless = process.argv.includes('--stateless');
const port = await freePort();

const server = new FastMCP({ name: 'bench-fastmcp', version: '1.0.0' });
server.addTool({
  name: 'add',
  description: ADD_DESCRIPTION,
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => JSON.stringify({ sum: a + b }),
});

await server.start({
  transportType: 'httpStream',
  httpStream: { port, host: '127.0.0.1', endpoint: '/mcp', enableJsonResponse: true, stateless },
});
process.stdout.write(`READY ${port}\n`);

const stop = () => {
  server.stop().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
