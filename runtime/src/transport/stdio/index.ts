/**
 * The stdio transport: newline-delimited JSON-RPC on stdin/stdout. Nothing else ever goes to stdout
 * (the server log goes to stderr). Requests run concurrently; responses go out as they finish.
 */
import type { Readable, Writable } from 'node:stream';
import { jsonDepthExceeds } from '../../middleware/limits/index.js';
import type { McpServer } from '../../server/types.js';
import { engineOf } from '../../server/create-server.js';
import type { PushStream } from '../../server/session.js';
import { PARSE_ERROR } from '../../protocol/errors.js';
import { failure } from '../../protocol/jsonrpc.js';
import { stdioContextFor } from '../../protocol/rev2026/stdio.js';
import { readLines } from './line-reader.js';

export interface StdioOptions {
  readonly input?: Readable;
  readonly output?: Writable;
  /** Longest accepted line in bytes (default: settings.maxBodyBytes); longer lines are never buffered. */
  readonly maxLineBytes?: number;
}

export interface StdioConnection {
  /** Resolves when the input ended and every in-flight request was answered. */
  readonly done: Promise<void>;
  /** Stop reading and release the session. */
  close(): void;
}

/**
 * Serve `server` over stdio.
 *
 * @example
 * const conn = serveStdio(server);
 * await conn.done; // stdin closed
 */
export function serveStdio(server: McpServer, options: StdioOptions = {}): StdioConnection {
  const engine = engineOf(server);
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const maxLine = options.maxLineBytes ?? engine.settings.maxBodyBytes;
  const caller = engine.stdioCaller;
  const session = engine.createLocalSession(caller);
  let open = true;
  // Some clients (SDK 1.x) handle notifications a microtask later than responses: a response written in
  // the same turn as the request's last notification would overtake it. Such responses wait one turn.
  let notifiedThisTurn = false;
  const write = (message: object): void => {
    if (!open) return;
    output.write(JSON.stringify(message) + '\n');
    if (!notifiedThisTurn && !('result' in message || 'error' in message)) {
      notifiedThisTurn = true;
      setImmediate(() => (notifiedThisTurn = false));
    }
  };
  const respond = (message: object): void => {
    if (notifiedThisTurn) setImmediate(() => write(message));
    else write(message);
  };
  const push: PushStream = {
    send: write,
    close: () => undefined,
    get closed() {
      return !open;
    },
  };
  session.getStream = push;
  const context = { transport: 'stdio' as const, caller, ip: undefined, protocolVersion: session.protocolVersion, session, outbound: push };
  let inflight = 0;
  let ended = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const settle = (): void => {
    if (ended && inflight === 0) {
      engine.releaseLocalSession(session);
      resolveDone();
    }
  };

  const handle = (message: unknown): void => {
    // 2026-07-28 messages carry their own envelope: serve them with a per-message context
    const ctx = stdioContextFor(message, context);
    if ('jsonrpc' in ctx) {
      respond(ctx);
      return;
    }
    inflight++;
    engine
      .handleMessage(message, ctx)
      .then((reply) => {
        if (reply !== undefined) respond(reply);
      })
      .catch((err: unknown) => engine.logger.error({ err }, 'stdio message failed'))
      .finally(() => {
        inflight--;
        settle();
      });
  };

  // the peer went away (EPIPE): stop writing instead of crashing on an unhandled 'error'
  output.on('error', (err) => {
    open = false;
    engine.logger.warn({ err }, 'stdio output closed');
  });
  const maxDepth = engine.settings.maxJsonDepth;
  const tooLarge = (): void => {
    write(failure(null, -32600, `Invalid Request: message exceeds ${maxLine} bytes (MCP_MAX_BODY_BYTES)`, { error: 'payload_too_large', maxBytes: maxLine }));
  };
  const onLine = (line: string): void => {
    if (line.trim() === '') return;
    if (Buffer.byteLength(line) > maxLine) {
      tooLarge();
      return;
    }
    // Checked on the text, before JSON.parse: deep nesting would exhaust the stack of later walkers.
    if (jsonDepthExceeds(line, maxDepth)) {
      write(failure(null, -32600, `Invalid Request: JSON nesting exceeds MCP_MAX_JSON_DEPTH (${maxDepth})`, { error: 'json_too_deep', maxDepth }));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      write(failure(null, PARSE_ERROR, 'Parse error: the line is not valid JSON'));
      return;
    }
    if (Array.isArray(message)) {
      // 2025-03-26 batch: answer with an array once every item is done
      if (message.length === 0) {
        write(failure(null, -32600, 'Invalid Request: empty batch'));
        return;
      }
      inflight++;
      Promise.all(message.map((m) => engine.handleMessage(m, context)))
        .then((replies) => {
          const out = replies.filter((r) => r !== undefined);
          if (out.length > 0) output.write(JSON.stringify(out) + '\n');
        })
        .catch((err: unknown) => engine.logger.error({ err }, 'stdio batch failed'))
        .finally(() => {
          inflight--;
          settle();
        });
      return;
    }
    handle(message);
  };
  const reader = readLines(input, maxLine, {
    line: onLine,
    oversize: tooLarge,
    end: () => {
      ended = true;
      settle();
    },
  });
  return {
    done,
    close() {
      open = false;
      reader.close();
    },
  };
}
