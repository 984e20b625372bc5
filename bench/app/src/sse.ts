// The standalone app with every tools/call reply on SSE (server option `sseReplies: 'always'`),
// for the bench's SSE row. Same command line as src/main.ts.
import { runCli } from '@mcp-gen/runtime';
import { createServer, openapi } from './generated/app.gen.js';

await runCli(() => createServer({ sseReplies: 'always' }), { openapi });
