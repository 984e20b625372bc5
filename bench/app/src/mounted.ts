// The MCP server mounted in an existing Express 5 app (the flask-mcp-server `mount_mcp` case), for the
// bench's mounted row: the app parses JSON for its own routes, and the router reuses the parsed body.
import { createServer } from 'node:http';
import express from 'express';
import { mcpRouter } from './generated/app.gen.js';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
app.use('/mcp', mcpRouter());

const host = process.env['HOST'] ?? '127.0.0.1';
const port = Number(process.env['PORT'] ?? 0);
const server = createServer(app);
server.listen(port, host, () => {
  const address = server.address();
  process.stdout.write(`listening on ${typeof address === 'object' && address !== null ? address.port : address}\n`);
});
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
