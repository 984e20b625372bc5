/**
 * Per-server options of the 2026-07-28 revision (stateless wire, input-required results, tasks).
 */
import type { McpServer } from '../../server/types.js';
import { engineOf } from '../../server/create-server.js';
import type { Engine } from '../../server/engine.js';
import { RequestStateCodec } from './request-state.js';

export interface StatelessOptions {
  /**
   * Secret that signs `requestState` of input-required results. Give every instance behind a load
   * balancer the same one; default: random per process (a retry must then reach the same instance).
   */
  readonly stateSecret?: string;
  /** `ttlMs` hint on list and discover results (default 0: re-fetch on every use; rely on listen streams). */
  readonly listTtlMs?: number;
  /** How long a task-capable tool call may run before it becomes a task (default 200 ms). */
  readonly taskGraceMs?: number;
  /** How long a finished task stays readable (default 10 minutes). */
  readonly taskTtlMs?: number;
  /** Suggested `tasks/get` polling interval (default 500 ms). */
  readonly taskPollIntervalMs?: number;
}

interface Resolved {
  readonly codec: RequestStateCodec;
  readonly listTtlMs: number;
  readonly taskGraceMs: number;
  readonly taskTtlMs: number;
  readonly taskPollIntervalMs: number;
}

const configured = new WeakMap<Engine, Resolved>();

function resolve(options: StatelessOptions): Resolved {
  return {
    codec: new RequestStateCodec(options.stateSecret),
    listTtlMs: Math.max(0, Math.round(options.listTtlMs ?? 0)),
    taskGraceMs: Math.max(0, options.taskGraceMs ?? 200),
    taskTtlMs: Math.max(1000, options.taskTtlMs ?? 600_000),
    taskPollIntervalMs: Math.max(1, Math.round(options.taskPollIntervalMs ?? 500)),
  };
}

/**
 * Configure the 2026-07-28 revision of a server (call before serving).
 *
 * @example
 * const server = createMcpServer(registry);
 * configureStateless(server, { stateSecret: process.env.MCP_STATE_SECRET, taskGraceMs: 500 });
 */
export function configureStateless(server: McpServer, options: StatelessOptions): void {
  configured.set(engineOf(server), resolve(options));
}

/** The options in effect for an engine. */
export function statelessOptions(engine: Engine): Resolved {
  let r = configured.get(engine);
  if (r === undefined) {
    r = resolve({});
    configured.set(engine, r);
  }
  return r;
}
