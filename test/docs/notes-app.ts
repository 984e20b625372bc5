/**
 * The notes example (examples/notes), started in this process on an ephemeral 127.0.0.1 port with its
 * own SQLite file. Its generated code and handlers are imported as they are committed.
 */
export interface RunningApp {
  /** Base URL without the `/mcp` path, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The MCP endpoint. */
  readonly mcpUrl: string;
  readonly toolNames: readonly string[];
  /** Tools a caller with these roles may see (anonymous callers have MCP_DEFAULT_ROLES, default `user`). */
  toolNamesFor(roles: readonly string[]): string[];
  close(): Promise<void>;
}

/**
 * Starts the notes app; `env` is applied before the app reads its settings (auth mode, keys...).
 *
 * @example
 * const app = await startNotesApp('/tmp/x/notes.db');
 * await fetch(`${app.url}/tools/issues.search`, { method: 'POST' });
 * await app.close();
 */
export async function startNotesApp(databaseFile: string, env: Record<string, string> = {}): Promise<RunningApp> {
  process.env['NOTES_DB'] = databaseFile;
  process.env['MCP_LOG_LEVEL'] ??= 'warn';
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  const { createApp, registry } = await import('../../examples/notes/src/generated/app.gen.js');
  const app = createApp();
  const { url } = await app.listen(0, '127.0.0.1');
  return {
    url: url.replace(/\/mcp$/, ''),
    mcpUrl: url,
    toolNames: registry.tools.map((t) => t.name),
    toolNamesFor: (roles) => registry.tools.filter((t) => t.roles === undefined || t.roles.length === 0 || t.roles.some((r) => roles.includes(r))).map((t) => t.name),
    close: () => app.close(),
  };
}
