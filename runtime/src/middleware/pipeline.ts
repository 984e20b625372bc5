/**
 * Running the middleware: guards in order (synchronously while each guard is synchronous), call
 * middleware composed around a dispatch, and the JSON body of a rejection.
 */
import type { CallInfo, CallMiddleware, GuardRequest, HttpGuard } from './types.js';
import { HttpError, takesSyncNext } from './types.js';

/**
 * Runs guards in order. Returns undefined (all passed) or `'handled'` synchronously when every guard
 * was synchronous, else a promise. A rejection throws (or rejects with) the guard's error.
 *
 * @example
 * const verdict = runGuards(security.guards, request);
 * if (verdict instanceof Promise) await verdict;
 */
export function runGuards(guards: readonly HttpGuard[], request: GuardRequest, from = 0): void | 'handled' | Promise<void | 'handled'> {
  for (let i = from; i < guards.length; i++) {
    const out = guards[i]!.check(request);
    if (out === 'handled') return 'handled';
    if (out !== undefined && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<void | 'handled'>).then((v) => (v === 'handled' ? 'handled' : runGuards(guards, request, i + 1)));
    }
  }
  return undefined;
}

/**
 * Composes call middleware around a dispatch; the first middleware is the outermost. The one composer of the
 * runtime (the engine runs its chain through it): middleware marked by `acceptsSyncNext` may get the result
 * itself from `next()` when `last` returned a plain value; unmarked middleware always gets a promise, as
 * {@link CallMiddleware} promises. The composed function returns whatever the outermost layer returned.
 *
 * @example
 * const run = composeCallChain(security.callMiddleware);
 * const result = await run(callInfo, () => dispatch());
 */
export function composeCallChain(chain: readonly CallMiddleware[]): (call: CallInfo, last: () => unknown) => unknown {
  if (chain.length === 0) return (_call, last) => last();
  const sync = chain.map(takesSyncNext);
  return (call, last) => {
    const step = (i: number): unknown => {
      if (i === chain.length) return last();
      const next = sync[i] === true ? () => step(i + 1) : () => settle(step, i + 1);
      return chain[i]!(call, next as () => Promise<unknown>);
    };
    return step(0);
  };
}

/**
 * Composes call middleware around a dispatch (first outermost), always answering with a promise.
 *
 * @example
 * const run = composeCallMiddleware(security.callMiddleware);
 * const result = await run(callInfo, () => dispatch());
 */
export function composeCallMiddleware(chain: readonly CallMiddleware[]): (call: CallInfo, last: () => Promise<unknown>) => Promise<unknown> {
  const run = composeCallChain(chain);
  return (call, last) => settle((c) => run(c, last), call);
}

/** `fn(arg)` as a promise: its value, its promise, or a rejection with what it threw. */
function settle<A>(fn: (arg: A) => unknown, arg: A): Promise<unknown> {
  try {
    const r = fn(arg);
    return r instanceof Promise ? r : Promise.resolve(r);
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * The JSON body for a rejected HTTP request (legacy, REST and ops routes): `{ error: { code, message } }`.
 * Unknown errors become a generic 500 without any detail.
 *
 * @example
 * const { status, headers, body } = httpErrorReply(err);
 */
export function httpErrorReply(err: unknown): { status: number; headers: Readonly<Record<string, string>>; body: string } {
  if (err instanceof HttpError) {
    return { status: err.status, headers: err.headers, body: JSON.stringify({ error: { code: err.code, message: err.message } }) };
  }
  return { status: 500, headers: {}, body: '{"error":{"code":"internal_error","message":"internal server error"}}' };
}
