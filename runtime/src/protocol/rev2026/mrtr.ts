/**
 * Multi round-trip requests (SEP-2322) on the stateless wire: a handler's `ctx.elicit()`,
 * `ctx.sample()` and `ctx.listRoots()` cannot reach the client mid-request, so the call ends with an
 * input-required result listing what is needed; the client answers and retries, and the handler runs
 * again with those answers available. Handlers stay plain async functions.
 */
import type { ClientBridge, ClientRequestMethod } from '../dispatch-types.js';
import { INTERNAL_ERROR, INVALID_PARAMS, RpcError } from '../errors.js';
import type { LoggingLevel } from '../types.js';
import { MissingClientCapabilityError } from './errors.js';
import { STATE_LIFETIME_MS, argumentsHash, type RequestStateCodec } from './request-state.js';

/**
 * Thrown into the handler when an answer is missing; the method turns it into an input-required
 * result. An RpcError so tool error handling passes it through instead of reporting a failure.
 */
export class InputRequiredSignal extends RpcError {
  constructor() {
    super(INTERNAL_ERROR, 'input required from the client');
    this.name = 'InputRequiredSignal';
  }
}

const CAPABILITY: Readonly<Record<ClientRequestMethod, string>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

const KEY_PREFIX: Readonly<Record<ClientRequestMethod, string>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throw -32021 when the client did not declare what `method` needs (URL elicitation needs `elicitation.url`). */
export function requireCapability(caps: Readonly<Record<string, unknown>> | undefined, method: ClientRequestMethod, params: object): void {
  const name = CAPABILITY[method];
  const declared = caps?.[name];
  if (declared === undefined || declared === null) throw new MissingClientCapabilityError({ [name]: {} }, `This request needs the client capability "${name}", which the request did not declare`);
  if (method === 'elicitation/create' && (params as { mode?: unknown }).mode === 'url' && !(isObject(declared) && declared['url'] !== undefined)) {
    throw new MissingClientCapabilityError({ elicitation: { url: {} } }, 'This request needs URL-mode elicitation, which the client did not declare');
  }
}

/** Check that an answer has the shape of the result of `method`; a wrong shape is -32602. */
export function checkAnswer(method: ClientRequestMethod, key: string, answer: unknown): void {
  const bad = (why: string): never => {
    throw new RpcError(INVALID_PARAMS, `Invalid params: inputResponses.${key} ${why}`);
  };
  if (!isObject(answer)) bad(`must be the ${method} result object`);
  const a = answer as Record<string, unknown>;
  if (method === 'elicitation/create') {
    if (a['action'] !== 'accept' && a['action'] !== 'decline' && a['action'] !== 'cancel') bad('must have action accept, decline or cancel');
    if (a['content'] !== undefined && !isObject(a['content'])) bad('content must be an object');
  } else if (method === 'sampling/createMessage') {
    if (a['role'] !== 'user' && a['role'] !== 'assistant') bad('must have role user or assistant');
    if (!isObject(a['content']) && !Array.isArray(a['content'])) bad('must have content');
  } else if (!Array.isArray(a['roots'])) bad('must have a roots array');
}

/** What the client sent back in a retry. */
export interface RetryInput {
  readonly inputResponses: unknown;
  readonly requestState: unknown;
}

/** An input-required result (without `resultType`, added with the others). */
export interface InputRequiredResult {
  resultType: 'input_required';
  inputRequests: Record<string, { method: ClientRequestMethod; params: object }>;
  requestState: string;
}

/**
 * The bridge of one stateless call: answers from the retry (and from earlier rounds, via the signed
 * state) are served to the handler; a missing one is recorded and ends the run.
 */
export class MrtrBridge implements ClientBridge {
  private readonly answers: Map<string, unknown>;
  private readonly asked = new Map<string, { method: ClientRequestMethod; params: object }>();
  private readonly counters = new Map<ClientRequestMethod, number>();
  private readonly binding: { m: string; n: string; h: string };

  constructor(
    private readonly codec: RequestStateCodec,
    method: string,
    name: string,
    args: unknown,
    retry: RetryInput,
    readonly clientCapabilities: Readonly<Record<string, unknown>>,
    readonly logLevel: LoggingLevel | undefined,
  ) {
    this.binding = { m: method, n: name, h: argumentsHash(args) };
    this.answers = new Map();
    let pending: ReadonlySet<string> | undefined;
    if (retry.requestState !== undefined) {
      const state = codec.open(retry.requestState);
      if (state.m !== this.binding.m || state.n !== this.binding.n || state.h !== this.binding.h) {
        throw new RpcError(INVALID_PARAMS, 'Invalid params: requestState belongs to a different request');
      }
      for (const [k, v] of Object.entries(state.a)) this.answers.set(k, v);
      pending = new Set(state.p);
    }
    const responses = retry.inputResponses;
    if (responses !== undefined) {
      if (!isObject(responses)) throw new RpcError(INVALID_PARAMS, 'Invalid params: inputResponses must be an object');
      for (const [k, v] of Object.entries(responses)) {
        if (!isObject(v)) throw new RpcError(INVALID_PARAMS, `Invalid params: inputResponses.${k} must be an object`);
        // keys the server did not ask for are ignored (SEP-2322)
        if (pending === undefined || pending.has(k)) this.answers.set(k, v);
      }
    }
  }

  /** True when the handler asked for something it has no answer to. */
  get needsInput(): boolean {
    return this.asked.size > 0;
  }

  /**
   * Resolve the key of an input request and its answer from this or an earlier round, if any.
   * Throws -32021 when the client lacks the capability, -32602 for a malformed answer.
   */
  lookup(method: ClientRequestMethod, params: object, key: string | undefined): { key: string; found: boolean; answer: unknown } {
    requireCapability(this.clientCapabilities, method, params);
    const n = (this.counters.get(method) ?? 0) + 1;
    this.counters.set(method, n);
    const k = key ?? `${KEY_PREFIX[method]}-${n}`;
    if (!this.answers.has(k)) return { key: k, found: false, answer: undefined };
    const answer = this.answers.get(k);
    checkAnswer(method, k, answer);
    return { key: k, found: true, answer };
  }

  request(method: ClientRequestMethod, params: object, key: string | undefined): Promise<unknown> {
    try {
      const hit = this.lookup(method, params, key);
      if (hit.found) return Promise.resolve(hit.answer);
      this.asked.set(hit.key, { method, params });
      return Promise.reject(new InputRequiredSignal());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The result that asks the client for everything the run was missing. */
  inputRequiredResult(): InputRequiredResult {
    const inputRequests: InputRequiredResult['inputRequests'] = {};
    for (const [k, v] of this.asked) inputRequests[k] = v;
    const answers: Record<string, unknown> = {};
    for (const [k, v] of this.answers) answers[k] = v;
    const requestState = this.codec.seal({ ...this.binding, a: answers, p: [...this.asked.keys()], x: Date.now() + STATE_LIFETIME_MS });
    return { resultType: 'input_required', inputRequests, requestState };
  }
}
