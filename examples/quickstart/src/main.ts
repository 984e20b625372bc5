// The server's entry point. This file is yours: mcp-gen created it once and never changes it.
//   node dist/main.js          serve Streamable HTTP on $HOST:$PORT (default 127.0.0.1:8765)
//   node dist/main.js stdio    serve over stdio (desktop MCP clients)
//   node dist/main.js list     print the registry
import { main } from './generated/app.gen.js';

await main();
