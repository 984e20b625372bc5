/**
 * The official SDK 1.x client over stdio against a server script run as a child process (`<script> stdio`),
 * closed after each test.
 */
import { afterEach } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/**
 * Registers the after-each close and returns `connect(capabilities)`; one client at a time.
 *
 * @example
 * const connect = sdk1StdioClients(script, 'my-test');
 * const c = await connect({ sampling: {} });
 */
export function sdk1StdioClients(script: string, name: string): (capabilities?: object) => Promise<Client> {
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    client = undefined;
  });
  return async (capabilities = {}) => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [script, 'stdio'], env: { ...process.env, MCP_LOG_LEVEL: 'warn' } as Record<string, string>, stderr: 'pipe' });
    client = new Client({ name, version: '1.0.0' }, { capabilities });
    await client.connect(transport);
    return client;
  };
}
