/**
 * Service providers (flask-mcp-server semantics): modules named in MCP_PROVIDERS (comma-separated,
 * resolved from the app's working directory) export a provider with `register(container, registry)`,
 * called for every provider first, then `boot(app, registry)` once the app exists. A provider may add
 * tools, resources and prompts to the live registry at any time; clients see them and get list_changed.
 *
 * A specifier is a module (`./providers/clock.js`, `my-pkg/provider`, `file:///...`) optionally followed by
 * `:<ExportName>` (the reference's `module:Provider`). Without an export name the default export is used,
 * else the module's own `register`/`boot` exports, else an export named `Provider`.
 * The export may be an object or a class (instantiated with no arguments).
 */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceContainer } from '../handler/context.js';
import type { McpServer } from '../server/types.js';

export { createServiceContainer } from '../server/services.js';

/** What a provider module exports. Both methods are optional; at least one must exist. */
export interface ServiceProvider {
  register?(container: ServiceContainer, registry: McpServer): void | Promise<void>;
  boot?(app: unknown, registry: McpServer): void | Promise<void>;
  /** Optional (mcp-gen addition): release what boot() started (timers, pools) on graceful shutdown. */
  shutdown?(app: unknown, registry: McpServer): void | Promise<void>;
}

export interface LoadedProvider {
  /** The specifier as written in MCP_PROVIDERS. */
  readonly specifier: string;
  readonly provider: ServiceProvider;
}

/** A provider that cannot be loaded, or whose register()/boot() failed. Names the specifier. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly specifier: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
/** `node:fs` is a module, not module `node` export `fs`. */
const SCHEMES = new Set(['node', 'file', 'data', 'http', 'https']);

/** Splits `module:Export`; a drive letter or URL scheme colon is not an export separator. */
export function splitSpecifier(spec: string): { module: string; exportName: string | undefined } {
  const i = spec.lastIndexOf(':');
  if (i > 1) {
    const name = spec.slice(i + 1);
    const mod = spec.slice(0, i);
    if (IDENT.test(name) && !SCHEMES.has(mod.toLowerCase())) return { module: mod, exportName: name };
  }
  return { module: spec, exportName: undefined };
}

function toImportable(mod: string, cwd: string): string {
  if (mod.startsWith('file:') || mod.startsWith('node:') || mod.startsWith('data:')) return mod;
  if (mod.startsWith('.') || isAbsolute(mod)) return pathToFileURL(resolvePath(cwd, mod)).href;
  // Bare package specifier: resolve from the app's directory, as the app's own imports would.
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(mod)).href;
  } catch {
    return mod; // ESM-only exports maps: let import() resolve it
  }
}

function isClass(v: unknown): v is new () => ServiceProvider {
  return typeof v === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(v));
}

function asProvider(value: unknown, specifier: string): ServiceProvider {
  let p: unknown = value;
  if (isClass(p)) {
    try {
      p = new p();
    } catch (err) {
      throw new ProviderError(`provider "${specifier}" (MCP_PROVIDERS): its constructor failed: ${messageOf(err)}`, specifier, { cause: err });
    }
  }
  if (p !== null && (typeof p === 'object' || typeof p === 'function')) {
    const o = p as ServiceProvider;
    if (typeof o.register === 'function' || typeof o.boot === 'function' || typeof o.shutdown === 'function') return o;
  }
  throw new ProviderError(`provider "${specifier}" (MCP_PROVIDERS) exports neither register(container, registry) nor boot(app, registry)`, specifier);
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/**
 * Imports the providers named by MCP_PROVIDERS, in order.
 *
 * @example
 * const providers = await loadProviders(settings.providers, { cwd: process.cwd() });
 * await registerProviders(providers, server.services, server);
 * await bootProviders(providers, app, server);
 */
export async function loadProviders(specifiers: readonly string[], options: { cwd?: string } = {}): Promise<LoadedProvider[]> {
  const cwd = options.cwd ?? process.cwd();
  const out: LoadedProvider[] = [];
  for (const specifier of specifiers) {
    const { module, exportName } = splitSpecifier(specifier.trim());
    let ns: Record<string, unknown>;
    try {
      ns = (await import(toImportable(module, cwd))) as Record<string, unknown>;
    } catch (err) {
      throw new ProviderError(`cannot load provider "${specifier}" (MCP_PROVIDERS): ${messageOf(err)}`, specifier, { cause: err });
    }
    let value: unknown;
    if (exportName !== undefined) {
      if (!(exportName in ns)) throw new ProviderError(`provider "${specifier}" (MCP_PROVIDERS): module has no export "${exportName}"`, specifier);
      value = ns[exportName];
    } else if (ns['default'] !== undefined) value = ns['default'];
    else if (typeof ns['register'] === 'function' || typeof ns['boot'] === 'function' || typeof ns['shutdown'] === 'function') value = ns;
    else value = ns['Provider'];
    out.push({ specifier, provider: asProvider(value, specifier) });
  }
  return out;
}

/** Calls every provider's register(container, registry), in order. */
export async function registerProviders(providers: readonly LoadedProvider[], container: ServiceContainer, registry: McpServer): Promise<void> {
  for (const { specifier, provider } of providers) {
    if (provider.register === undefined) continue;
    try {
      await provider.register(container, registry);
    } catch (err) {
      throw new ProviderError(`provider "${specifier}" register() failed: ${messageOf(err)}`, specifier, { cause: err });
    }
  }
}

/** Calls every provider's boot(app, registry), in order, after all were registered. */
export async function bootProviders(providers: readonly LoadedProvider[], app: unknown, registry: McpServer): Promise<void> {
  for (const { specifier, provider } of providers) {
    if (provider.boot === undefined) continue;
    try {
      await provider.boot(app, registry);
    } catch (err) {
      throw new ProviderError(`provider "${specifier}" boot() failed: ${messageOf(err)}`, specifier, { cause: err });
    }
  }
}

/**
 * Calls every provider's optional shutdown(app, registry) in reverse order, each bounded by `timeoutMs`.
 * Never throws: failures are returned (and should be logged) so shutdown always completes.
 *
 * @example
 * const failures = await shutdownProviders(providers, app.express, server, 5000);
 * for (const f of failures) logger.warn({ provider: f.specifier }, f.message);
 */
export async function shutdownProviders(providers: readonly LoadedProvider[], app: unknown, registry: McpServer, timeoutMs = 5000): Promise<ProviderError[]> {
  const failures: ProviderError[] = [];
  for (const { specifier, provider } of [...providers].reverse()) {
    if (provider.shutdown === undefined) continue;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => provider.shutdown!(app, registry)),
        new Promise<never>((_r, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
          timer.unref();
        }),
      ]);
    } catch (err) {
      failures.push(new ProviderError(`provider "${specifier}" shutdown() failed: ${messageOf(err)}`, specifier, { cause: err }));
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
  return failures;
}
