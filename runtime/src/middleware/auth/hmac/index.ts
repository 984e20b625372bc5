/**
 * HMAC request signing (MCP_AUTH_MODE=hmac).
 *
 * Default form: `X-Timestamp: <unix seconds or milliseconds>` and `X-Signature: sha256=<hex>` where the
 * signature is HMAC-SHA256(secret, `<timestamp>.<raw body>`) over the timestamp exactly as sent. The timestamp must
 * be within MCP_HMAC_WINDOW_SEC of the server clock, and each signature is accepted once (replays are refused via
 * stores.nonces). Clients sending identical requests (e.g. GETs) within one second use milliseconds.
 *
 * Compatibility form (flask-mcp-server 0.6.1): no X-Timestamp, signature over the raw body only. Off by
 * default because it cannot stop replays; enable with MCP_HMAC_ALLOW_BODY_ONLY=true.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallerIdentity } from '../../../handler/context.js';
import type { Settings } from '../../../settings/types.js';
import type { NonceStore } from '../../../store/types.js';
import { HttpError, type GuardRequest, type HttpGuard } from '../../types.js';

const HEX64 = /^[0-9a-fA-F]{64}$/;
const TS = /^\d{1,13}$/;
/** Above this a timestamp is in milliseconds (year 5138 in seconds). */
const MS_THRESHOLD = 1e11;
const EMPTY = Buffer.alloc(0);

/**
 * Signs a body the way the guard expects; for clients and tests.
 *
 * @example
 * const ts = Math.floor(Date.now() / 1000);
 * const headers = { 'X-Timestamp': String(ts), 'X-Signature': signRequest('secret', body, ts) };
 */
export function signRequest(secret: string, body: string | Buffer, timestamp?: number): string {
  const h = createHmac('sha256', secret);
  if (timestamp !== undefined) h.update(`${timestamp}.`);
  h.update(body);
  return `sha256=${h.digest('hex')}`;
}

type SyncNonces = NonceStore & { rememberSync?(nonce: string, ttlMs: number): boolean };

export interface HmacGuardOptions {
  readonly now?: () => number;
}

/**
 * The HMAC guard: 401 `invalid_signature` for a missing, malformed, wrong, stale or replayed signature.
 *
 * @example
 * const guard = hmacGuard(settings, stores.nonces);
 */
export function hmacGuard(
  settings: Pick<Settings, 'hmacSecret' | 'hmacWindowSec' | 'defaultRoles'> & { readonly hmacAllowBodyOnly?: boolean },
  nonces: NonceStore,
  options: HmacGuardOptions = {},
): HttpGuard {
  const secret = settings.hmacSecret;
  if (secret === undefined || secret.length === 0) throw new Error('hmacGuard: MCP_HMAC_SECRET is not set');
  const windowSec = settings.hmacWindowSec;
  const now = options.now ?? Date.now;
  const allowBodyOnly = settings.hmacAllowBodyOnly === true;
  const caller: CallerIdentity = { id: 'hmac', roles: Object.freeze([...settings.defaultRoles]), scheme: 'hmac' };
  const store = nonces as SyncNonces;
  const nonceTtlMs = windowSec * 2000 + 1000;
  const fail = (why: string): HttpError => new HttpError(401, 'invalid_signature', `invalid signature: ${why}`);

  const accept = (r: GuardRequest, fresh: boolean): void => {
    if (!fresh) throw fail('this signature was already used (replay)');
    r.caller = caller;
  };

  return {
    name: 'auth-hmac',
    needsBody: true,
    check(r) {
      const sigHeader = r.req.headers['x-signature'];
      if (typeof sigHeader !== 'string') throw fail('missing X-Signature header (expected sha256=<hex>)');
      if (!sigHeader.startsWith('sha256=') || !HEX64.test(sigHeader.slice(7))) throw fail('malformed X-Signature (expected sha256=<64 hex digits>)');
      const given = Buffer.from(sigHeader.slice(7), 'hex');
      const body = r.rawBody ?? EMPTY;
      const tsHeader = r.req.headers['x-timestamp'];
      const h = createHmac('sha256', secret);
      if (typeof tsHeader === 'string') {
        if (!TS.test(tsHeader)) throw fail('malformed X-Timestamp (expected unix seconds or milliseconds)');
        const raw = Number(tsHeader);
        const ts = raw > MS_THRESHOLD ? raw / 1000 : raw;
        if (Math.abs(now() / 1000 - ts) > windowSec) throw fail(`stale X-Timestamp (outside the ${windowSec} s window)`);
        h.update(`${tsHeader}.`);
      } else if (!allowBodyOnly) {
        throw fail('missing X-Timestamp header (unix time; the signature covers "<timestamp>.<body>")');
      }
      h.update(body);
      if (!timingSafeEqual(h.digest(), given)) throw fail('signature does not match');
      if (typeof tsHeader !== 'string') {
        r.caller = caller; // body-only compatibility form: no replay protection possible
        return;
      }
      const nonce = `hmac:${sigHeader.slice(7).toLowerCase()}`;
      if (store.rememberSync !== undefined) return accept(r, store.rememberSync(nonce, nonceTtlMs));
      return store.remember(nonce, nonceTtlMs).then(
        (fresh) => accept(r, fresh),
        () => {
          throw new HttpError(503, 'store_unavailable', 'replay protection store unavailable', { 'Retry-After': '1' });
        },
      );
    },
  };
}
