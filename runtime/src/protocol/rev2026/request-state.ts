/**
 * `requestState` of input-required results: what the server needs to resume a call, handed to the
 * client as an opaque string and returned on the retry. It carries the answers gathered in earlier
 * rounds, so it is signed (HMAC-SHA256) and bound to the method, the element and its arguments: a
 * client can neither forge answers nor replay the state on another call.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { INVALID_PARAMS, RpcError } from '../errors.js';

/** What the state holds. Short keys: it travels on every round. */
export interface StatePayload {
  /** Binding: method, element name, hash of the arguments. */
  readonly m: string;
  readonly n: string;
  readonly h: string;
  /** Answers gathered so far, by input key. */
  readonly a: Readonly<Record<string, unknown>>;
  /** Keys asked in the round that issued this state. */
  readonly p: readonly string[];
  /** Expiry, epoch milliseconds. */
  readonly x: number;
}

/** How long a client may take to answer one round. */
export const STATE_LIFETIME_MS = 60 * 60 * 1000;

/** Canonical JSON (sorted keys) so equal arguments hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Hash of a call's arguments for the state binding. */
export function argumentsHash(args: unknown): string {
  return createHash('sha256').update(canonical(args ?? {})).digest('base64url').slice(0, 22);
}

/**
 * Signs and verifies request states with one secret (shared by every instance behind a balancer
 * when given; random per process otherwise).
 *
 * @example
 * const states = new RequestStateCodec();
 * const s = states.seal({ m: 'tools/call', n: 'greet', h: argumentsHash({}), a: {}, p: ['name'], x: Date.now() + 1000 });
 * states.open(s).p; // ['name']
 */
export class RequestStateCodec {
  private readonly key: Buffer;

  constructor(secret?: string) {
    this.key = secret !== undefined && secret !== '' ? createHash('sha256').update(secret).digest() : randomBytes(32);
  }

  seal(payload: StatePayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** Verify and decode; throws -32602 when the state was altered, is malformed or expired. */
  open(state: unknown): StatePayload {
    if (typeof state !== 'string') throw new RpcError(INVALID_PARAMS, 'Invalid params: requestState must be a string');
    const dot = state.indexOf('.');
    const body = dot > 0 ? state.slice(0, dot) : '';
    const mac = dot > 0 ? Buffer.from(state.slice(dot + 1)) : Buffer.alloc(0);
    const expected = Buffer.from(this.mac(body));
    if (body === '' || mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
      throw new RpcError(INVALID_PARAMS, 'Invalid params: requestState failed its integrity check');
    }
    let payload: StatePayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
    } catch {
      throw new RpcError(INVALID_PARAMS, 'Invalid params: requestState is malformed');
    }
    if (typeof payload.x !== 'number' || payload.x < Date.now()) throw new RpcError(INVALID_PARAMS, 'Invalid params: requestState has expired; call again without it');
    return payload;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
