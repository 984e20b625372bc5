/**
 * Per-server options of the 2026-07-28 revision (stateless wire, input-required results, tasks).
 */
import { randomBytes } from 'node:crypto';
import type { Engine } from '../../server/engine.js';
import { RequestStateCodec } from './request-state.js';

export interface StatelessOptions {
  /**
   * Secret that signs `requestState` of input-required results. Default: the `MCP_STATE_SECRET`
   * setting; without it, instances sharing a Redis agree on a random one stored there, and a lone
   * instance uses a random one per process.
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
  readonly stateSecret: string | undefined;
  readonly listTtlMs: number;
  readonly taskGraceMs: number;
  readonly taskTtlMs: number;
  readonly taskPollIntervalMs: number;
}

const configured = new WeakMap<Engine, Resolved>();

function resolve(options: StatelessOptions): Resolved {
  return {
    stateSecret: options.stateSecret !== undefined && options.stateSecret !== '' ? options.stateSecret : undefined,
    listTtlMs: Math.max(0, Math.round(options.listTtlMs ?? 0)),
    taskGraceMs: Math.max(0, options.taskGraceMs ?? 200),
    taskTtlMs: Math.max(1000, options.taskTtlMs ?? 600_000),
    taskPollIntervalMs: Math.max(1, Math.round(options.taskPollIntervalMs ?? 500)),
  };
}

/**
 * Set the 2026-07-28 options of an engine (the public `configureStateless` in configure.ts checks the server
 * first; kept apart so this module, which the method tables import, does not import the engine back).
 *
 * @example
 * setStatelessOptions(engine, { taskGraceMs: 500 });
 */
export function setStatelessOptions(engine: Engine, options: StatelessOptions): void {
  configured.set(engine, resolve(options));
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

/** How long an agreed secret is used before it is read again (re-seeds a Redis that lost it). */
const AGREED_SECRET_MS = 60_000;

interface CodecState {
  fixed?: RequestStateCodec;
  agreed?: { codec: RequestStateCodec; secret: string; until: number };
  first?: Promise<RequestStateCodec> | undefined;
  refreshing?: Promise<void> | undefined;
}

const codecs = new WeakMap<Engine, CodecState>();

/**
 * The codec that signs and checks `requestState` for an engine: from `stateSecret`, else the
 * `MCP_STATE_SECRET` setting, else a secret agreed through the task store (one random secret per
 * Redis, so a retry may land on any instance; per process in memory). The agreed secret is re-read
 * every minute (stale-while-revalidate: a failed re-read keeps the last one).
 *
 * @example
 * const codec = await stateCodecOf(engine);
 * const state = codec.seal(payload);
 */
export async function stateCodecOf(engine: Engine): Promise<RequestStateCodec> {
  let st = codecs.get(engine);
  if (st === undefined) codecs.set(engine, (st = {}));
  if (st.fixed !== undefined) return st.fixed;
  const explicit = statelessOptions(engine).stateSecret ?? engine.settings.stateSecret;
  const store = engine.stores.tasks;
  if ((explicit !== undefined && explicit !== '') || store === undefined) return (st.fixed = new RequestStateCodec(explicit));
  const state = st;
  const agree = async (candidate: string): Promise<RequestStateCodec> => {
    const secret = await store.sharedSecret(candidate);
    const codec = state.agreed?.secret === secret ? state.agreed.codec : new RequestStateCodec(secret);
    state.agreed = { codec, secret, until: Date.now() + AGREED_SECRET_MS };
    return codec;
  };
  const cur = state.agreed;
  if (cur !== undefined) {
    if (Date.now() >= cur.until && state.refreshing === undefined) {
      state.refreshing = agree(cur.secret).then(
        () => undefined,
        () => {
          cur.until = Date.now() + 5000; // store away: keep signing with the last secret, retry soon
        },
      ).finally(() => (state.refreshing = undefined));
    }
    return cur.codec;
  }
  state.first ??= agree(randomBytes(32).toString('base64url')).finally(() => (state.first = undefined));
  return state.first;
}
