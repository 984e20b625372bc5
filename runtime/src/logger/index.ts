/**
 * The server's own log (not the client-facing `notifications/message`): pino, one JSON line per event,
 * or human-readable lines with MCP_LOG_FORMAT=pretty. Secrets never reach it: known secret fields are redacted.
 */
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { createRequire } from 'node:module';
import type { Settings } from '../settings/types.js';

/** The server logger (a pino logger). */
export type Logger = PinoLogger;

/** The few logger methods the runtime needs; a pino logger satisfies it, so does a test double. */
export interface LogSink {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Paths pino blanks out wherever they appear in a logged object. */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'apiKey',
  'apiKeys',
  'apiKeysMap',
  'hmacSecret',
  'stateSecret',
  'secret',
  'token',
  'password',
  'redisUrl',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["x-signature"]',
  'headers["set-cookie"]',
  '*.authorization',
  '*.apiKey',
  '*.hmacSecret',
  '*.stateSecret',
  '*.secret',
  '*.token',
  '*.password',
  '*.redisUrl',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-signature"]',
  'req.headers.cookie',
];

export interface LoggerOptions {
  /** Where lines go: `stdout` for HTTP serving, `stderr` when stdout carries the stdio transport. */
  readonly destination?: 'stdout' | 'stderr' | DestinationStream;
  /** Base fields on every line (e.g. `{ server: 'my-server' }`). */
  readonly base?: Record<string, unknown>;
}

/**
 * Creates the server logger from settings (MCP_LOG_FORMAT, MCP_LOG_LEVEL).
 *
 * @example
 * const log = createLogger(settings, { destination: 'stderr' }); // stdio mode: keep stdout clean
 * log.info({ port: 8765 }, 'listening');
 */
export function createLogger(
  settings: Pick<Settings, 'logFormat' | 'logLevel'>,
  options: LoggerOptions = {},
): Logger {
  const fd = options.destination === 'stderr' ? 2 : 1;
  const opts = {
    level: settings.logLevel,
    base: options.base ?? null,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const custom = typeof options.destination === 'object' ? options.destination : undefined;
  if (settings.logFormat === 'pretty') {
    // Synchronous pretty stream: no worker thread, so short-lived CLIs and tests lose no lines.
    return pino(opts, prettyStream(custom ?? fd));
  }
  if (custom !== undefined) return pino(opts, custom);
  return pino(opts, pino.destination({ fd, sync: false }));
}

function prettyStream(destination: number | DestinationStream): DestinationStream {
  // pino-pretty is loaded only when asked for, so JSON mode never pays for it.
  const req = createRequire(import.meta.url);
  const mod = req('pino-pretty') as PrettyFactory | { default: PrettyFactory };
  const build = typeof mod === 'function' ? mod : mod.default;
  return build({ destination, colorize: false, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
