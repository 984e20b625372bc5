/**
 * The two Redis connections every store shares: `main` for commands (auto-pipelined: concurrent
 * commands of one tick go out in one write) and `subscriber` for pub/sub (a subscribed connection can
 * run nothing else). Both fail fast while disconnected (no offline queue, no resend of unanswered
 * commands, a command timeout) and reconnect forever on their own.
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { redactUrl, storeUnavailable } from './errors.js';
import type { ResolvedRedisStoresOptions } from './options.js';

type IoRedis = typeof import('ioredis');
let ioredis: IoRedis | undefined;
/** ioredis is loaded on first use (it takes a few hundred ms): apps without MCP_REDIS_URL never pay for it. */
function loadIoredis(): IoRedis {
  ioredis ??= createRequire(import.meta.url)('ioredis') as IoRedis;
  return ioredis;
}

/** A Lua script bound to the main connection: `(keys, args) => reply`, EVALSHA with EVAL fallback. */
export type ScriptCall = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

export class RedisConnection {
  readonly main: Redis;
  readonly subscriber: Redis;
  readonly prefix: string;
  private readonly where: string;
  private everReady = false;
  private down = false;
  private closing = false;
  private scriptCount = 0;
  /** The latest connection error, quoted when start-up gives up (wrong password, refused, DNS...). */
  private lastError: string | undefined;
  private readonly readyListeners = new Set<() => void>();
  /** Where connection loss/recovery and misbehaving handlers are reported. */
  readonly logger: ResolvedRedisStoresOptions['logger'];

  constructor(url: string, private readonly options: ResolvedRedisStoresOptions) {
    this.prefix = options.keyPrefix;
    this.logger = options.logger;
    this.where = redactUrl(url);
    const base: RedisOptions = {
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      enableOfflineQueue: false,
      // Unanswered commands fail at disconnect instead of running twice after reconnect (INCR must not).
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(50 * attempt, options.reconnectMaxDelayMs),
      enableAutoPipelining: true,
      connectionName: 'mcp-gen',
    };
    const { Redis } = loadIoredis();
    this.main = new Redis(url, base);
    // The bus re-subscribes itself on every `ready` (it knows its channels, even ones added while down).
    this.subscriber = new Redis(url, { ...base, autoResubscribe: false, enableAutoPipelining: false, connectionName: 'mcp-gen-sub' });
    for (const client of [this.main, this.subscriber]) {
      // Without an 'error' listener ioredis would throw from the emitter and end the process.
      client.on('error', (error: Error) => this.reportDown(error));
      client.on('close', () => this.reportDown(undefined));
      client.on('ready', () => this.reportReady());
    }
  }

  /** Both connections are up. */
  healthy(): boolean {
    return this.main.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** Resolve when both connections are ready; reject with a clear error after `timeoutMs`. */
  async whenReady(timeoutMs: number): Promise<void> {
    if (this.healthy()) return;
    await new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        if (!this.healthy()) return;
        clearTimeout(timer);
        this.readyListeners.delete(onReady);
        resolve();
      };
      const timer = setTimeout(() => {
        this.readyListeners.delete(onReady);
        const why = this.lastError === undefined ? '' : `; last error: ${this.lastError}`;
        reject(new Error(`Redis at ${this.where} did not become ready within ${timeoutMs} ms (MCP_REDIS_URL)${why}`));
      }, timeoutMs);
      this.readyListeners.add(onReady);
    });
  }

  /** Called after each (re)connection of either client, once both are ready. */
  onReady(listener: () => void): void {
    this.readyListeners.add(listener);
  }

  /** The prefixed key of a store's item. */
  key(kind: string, id: string): string {
    return `${this.prefix}${kind}:${id}`;
  }

  /**
   * Run commands on the main connection, turning connection failures into 503 `store_unavailable`.
   * Before the first connection it waits up to `connectTimeoutMs`; after that it fails at once while down.
   */
  async run<T>(operation: string, command: (client: Redis) => Promise<T>): Promise<T> {
    if (this.main.status !== 'ready') await this.waitFirstConnection(operation);
    try {
      return await command(this.main);
    } catch (error) {
      throw this.translate(operation, error);
    }
  }

  /**
   * Before the very first connection, wait for it (up to `connectTimeoutMs`) so a freshly created store
   * is usable at once; afterwards, while down, fail at once with 503.
   */
  async waitFirstConnection(operation: string): Promise<void> {
    if (this.everReady || this.closing) throw storeUnavailable(operation);
    try {
      await this.whenReady(this.options.connectTimeoutMs);
    } catch (error) {
      throw storeUnavailable(operation, error);
    }
  }

  /** A Lua script as a function (ioredis sends EVALSHA and falls back to EVAL after a Redis restart). */
  script(numberOfKeys: number, lua: string): ScriptCall {
    const name = `mcpGenScript${++this.scriptCount}`;
    this.main.defineCommand(name, { numberOfKeys, lua });
    const commands = this.main as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
    return (keys, args) => {
      const call = commands[name];
      if (call === undefined) throw new Error(`redis script ${name} is not defined`);
      return call.call(this.main, ...keys, ...args);
    };
  }

  /** Map a failed command: Redis' own refusals are bugs (kept as errors); the rest means Redis is unreachable. */
  translate(operation: string, error: unknown): Error {
    if (error instanceof loadIoredis().ReplyError) {
      return new Error(`redis ${operation} failed: ${(error as Error).message}`, { cause: error });
    }
    return storeUnavailable(operation, error);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.readyListeners.clear();
    await Promise.all(
      [this.main, this.subscriber].map(async (client) => {
        if (client.status === 'end') return;
        try {
          if (client.status !== 'ready') throw new Error('not connected');
          await Promise.race([
            client.quit(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('quit timed out')), 500).unref()),
          ]);
        } catch {
          client.disconnect();
        }
      }),
    );
  }

  private reportDown(error: Error | undefined): void {
    if (error !== undefined) this.lastError = error.message;
    if (this.closing || this.down) return;
    if (!this.everReady && error === undefined) return;
    this.down = true;
    this.options.logger?.warn(
      { redis: this.where, err: error?.message ?? 'connection closed' },
      'redis unavailable: requests needing shared state get 503 store_unavailable until it returns',
    );
  }

  private reportReady(): void {
    if (!this.healthy()) return;
    if (this.down) this.options.logger?.info({ redis: this.where }, 'redis connection restored');
    this.down = false;
    this.everReady = true;
    this.lastError = undefined;
    for (const listener of [...this.readyListeners]) listener();
  }
}
