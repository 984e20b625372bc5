/**
 * `runCli`: the command line of a generated app. `serve` (default) runs HTTP on $HOST:$PORT,
 * `stdio` speaks newline-delimited JSON-RPC on stdin/stdout (logs on stderr only), `list [--json]`
 * prints the registry. SIGTERM/SIGINT shut down gracefully and exit 0: providers' `shutdown()` first
 * (bounded by MCP_SHUTDOWN_GRACE_MS, failures logged), then the transport and the server.
 */
import type { Writable } from 'node:stream';
import { createApp } from '../app/create-app.js';
import { bootProviders, loadProviders, registerProviders, shutdownProviders, type LoadedProvider } from '../providers/index.js';
import { SettingsError } from '../settings/load.js';
import type { McpServer } from '../server/types.js';
import { serveStdio } from '../transport/stdio/index.js';
import { formatListing, registryListing } from './list.js';

export interface CliOptions {
  /** Arguments after the script (default `process.argv.slice(2)`). */
  readonly argv?: readonly string[];
  /** The generated OpenAPI document, for /docs.json and /swagger. */
  readonly openapi?: object;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Exit function (default process.exit); tests pass their own. */
  readonly exit?: (code: number) => void;
  /** Listen to SIGTERM/SIGINT (default true). */
  readonly signals?: boolean;
}

const HELP = (name: string): string => `Usage: ${name} [command] [options]

Commands:
  serve          Serve MCP over HTTP on $HOST:$PORT (default 127.0.0.1:8765) - the default
  stdio          Serve MCP over stdin/stdout (newline-delimited JSON-RPC)
  list [--json]  Print the registry (tools, resources, templates, prompts, completions)

Options:
  -h, --help     Show this help

Settings come from MCP_* environment variables (see the docs); PORT and HOST pick the address.
`;

/**
 * @example
 * // src/generated/app.gen.ts
 * export async function main() {
 *   await runCli(() => createMcpServer(registry), { openapi });
 * }
 */
export async function runCli(server: McpServer | (() => McpServer), options: CliOptions = {}): Promise<void> {
  const argv = options.argv ?? process.argv.slice(2);
  const out = options.stdout ?? process.stdout;
  const err = options.stderr ?? process.stderr;
  const rawExit = options.exit ?? ((code: number) => process.exit(code));
  const state: { logger?: McpServer['logger'] } = {};
  // pino writes asynchronously: flush buffered lines before the process ends
  const exit = (code: number): void => {
    const logger = state.logger;
    if (logger === undefined) return rawExit(code);
    let called = false;
    const go = (): void => {
      if (called) return;
      called = true;
      rawExit(code);
    };
    try {
      logger.flush(() => go());
    } catch {
      go();
    }
    setTimeout(go, 500).unref();
  };
  // A reader that goes away (`node dist/main.js list | head`, a stdio client that exits) closes the pipe:
  // that ends the process quietly instead of crashing it with an unhandled 'error' event.
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return exit(0);
    err.write(`error: cannot write to stdout: ${e.message}\n`);
    exit(1);
  });
  const positional = argv.filter((a) => !a.startsWith('-'));
  const command = positional[0] ?? 'serve';
  const fail = (message: string): void => {
    err.write(`error: ${message}\n`);
    exit(1);
  };

  if (argv.includes('--help') || argv.includes('-h') || command === 'help') {
    out.write(HELP(typeof server === 'function' ? 'server' : server.info.name));
    exit(0);
    return;
  }
  if (!['serve', 'stdio', 'list'].includes(command)) {
    fail(`unknown command "${command}" (expected serve, stdio or list; see --help)`);
    return;
  }
  let s: McpServer;
  try {
    s = typeof server === 'function' ? server() : server;
  } catch (e) {
    if (e instanceof SettingsError) {
      fail(e.message);
      return;
    }
    throw e;
  }

  state.logger = s.logger;
  if (command === 'list') {
    out.write(argv.includes('--json') ? JSON.stringify(registryListing(s), null, 2) + '\n' : formatListing(s));
    await s.close();
    exit(0);
    return;
  }

  let providers;
  try {
    providers = await loadProviders(s.settings.providers);
    await registerProviders(providers, s.services, s);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
    return;
  }

  const loaded: readonly LoadedProvider[] = providers;
  let app: unknown;
  let providersStopped: Promise<void> | undefined;
  // Once per process: a provider's shutdown() releases what its boot() started (timers, pools, sockets).
  const stopProviders = (): Promise<void> =>
    (providersStopped ??= shutdownProviders(loaded, app, s, s.settings.shutdownGraceMs > 0 ? s.settings.shutdownGraceMs : 1000).then((failures) => {
      for (const f of failures) s.logger.warn({ provider: f.specifier, err: f.message }, 'provider shutdown failed');
    }));

  let shutdown: () => Promise<void>;
  if (command === 'stdio') {
    const conn = serveStdio(s);
    s.logger.info({ transport: 'stdio' }, 'serving MCP over stdio');
    shutdown = async () => {
      await stopProviders();
      conn.close();
      await s.close();
    };
    conn.done.then(
      async () => {
        await stopProviders();
        await s.close();
        exit(0);
      },
      () => exit(1),
    );
  } else {
    const http = createApp(s, options.openapi !== undefined ? { openapi: options.openapi } : {});
    try {
      // Express loads on first use: touch it at start-up only when a provider has routes to boot into it.
      if (providers.length > 0) {
        app = http.express;
        await bootProviders(providers, http.express, s);
      }
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
      return;
    }
    let url: string;
    try {
      ({ url } = await http.listen(s.settings.port, s.settings.host));
    } catch (e) {
      fail(`cannot listen on ${s.settings.host}:${s.settings.port}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    out.write(`MCP server "${s.info.name}" listening on ${url}\n`);
    s.logger.info({ url }, 'listening');
    shutdown = async () => {
      await stopProviders();
      await http.close();
    };
  }

  if (options.signals !== false) {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      s.logger.info({ signal }, 'shutting down');
      shutdown().then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
}
