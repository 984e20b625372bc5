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

/**
 * Longest string value written in a log line (characters). Client-chosen text reaches some lines (a
 * request id, a template's parameters in an error): past this it is clipped, so a request's log stays
 * small whatever it sends. An error keeps its type and its stack up to {@link MAX_LOG_STACK} characters
 * (its message, often quoting input, is clipped like any string).
 */
export const MAX_LOG_STRING = 2048;
/** Longest error stack written (characters): the frames an operator needs, not a quoted 4 MB input. */
export const MAX_LOG_STACK = 8192;

function clip(value: string): string {
  return `${value.slice(0, MAX_LOG_STRING)}...(+${value.length - MAX_LOG_STRING} chars)`;
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** An Error whose message or stack is over the limits. */
function isLongError(v: unknown): v is Error {
  return v instanceof Error && ((typeof v.message === 'string' && v.message.length > MAX_LOG_STRING) || (typeof v.stack === 'string' && v.stack.length > MAX_LOG_STACK));
}

/** A copy of the error (same prototype and fields, so pino's error serializer sees the same type) with clipped texts. */
function clippedError(e: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(e) as object) as Error;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(e));
  if (e.message.length > MAX_LOG_STRING) Object.defineProperty(copy, 'message', { value: clip(e.message), writable: true, configurable: true });
  if (typeof e.stack === 'string' && e.stack.length > MAX_LOG_STACK) {
    Object.defineProperty(copy, 'stack', { value: `${e.stack.slice(0, MAX_LOG_STACK)}...(+${e.stack.length - MAX_LOG_STACK} chars)`, writable: true, configurable: true });
  }
  return copy;
}

/** True when a plain object (not an array or class instance) holds a string or error over the limits, to `depth` levels. */
function hasLongString(obj: Record<string, unknown>, depth: number): boolean {
  for (const k in obj) {
    const v = obj[k];
    if (typeof v === 'string') {
      if (v.length > MAX_LOG_STRING) return true;
    } else if (isLongError(v) || (depth > 0 && isPlain(v) && hasLongString(v, depth - 1))) {
      return true;
    }
  }
  return false;
}

function clipped(obj: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    const v = obj[k];
    if (typeof v === 'string') out[k] = v.length > MAX_LOG_STRING ? clip(v) : v;
    else if (isLongError(v)) out[k] = clippedError(v);
    else if (depth > 0 && isPlain(v)) out[k] = clipped(v, depth - 1);
    else out[k] = v;
  }
  return out;
}

/**
 * The logged object with every string over {@link MAX_LOG_STRING} clipped (two levels of plain objects), and
 * errors with long messages or stacks replaced by clipped copies;
 * the same object when nothing is long, so the common line costs one scan of its keys.
 *
 * @example
 * clipLogObject({ id: 'x'.repeat(5000) }).id.length // about 2070
 */
export function clipLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  return hasLongString(obj, 2) ? clipped(obj, 2) : obj;
}

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
    formatters: { log: clipLogObject },
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
