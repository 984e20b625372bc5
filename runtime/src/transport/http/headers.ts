/**
 * Precomputed response headers for the hot path, and Accept/Content-Type checks.
 */

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export const ALLOW = 'GET, POST, DELETE, OPTIONS';
export const ALLOW_STATELESS = 'POST, OPTIONS';

const ANY = { json: true, sse: true } as const;
/** Clients send the same few Accept values: remember the answers (bounded). */
const seen = new Map<string, { json: boolean; sse: boolean }>();

/** What an Accept header allows: JSON replies, SSE replies. A missing header accepts anything. */
export function accepts(accept: string | undefined): { json: boolean; sse: boolean } {
  if (accept === undefined || accept === '') return ANY;
  let hit = seen.get(accept);
  if (hit === undefined) {
    hit = parseAccept(accept);
    if (seen.size < 64) seen.set(accept, hit);
  }
  return hit;
}

function parseAccept(accept: string): { json: boolean; sse: boolean } {
  let json = false;
  let sse = false;
  for (const part of accept.split(',')) {
    const semi = part.indexOf(';');
    const type = (semi === -1 ? part : part.slice(0, semi)).trim().toLowerCase();
    if (semi !== -1 && /;\s*q=0(?:\.0*)?\s*(?:;|$)/.test(part.slice(semi))) continue;
    if (type === '*/*') return ANY;
    if (type === 'application/json' || type === 'application/*') json = true;
    if (type === 'text/event-stream' || type === 'text/*') sse = true;
  }
  return { json, sse };
}

/** True for `application/json` with optional parameters (charset). */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value === 'application/json') return true; // what nearly every client sends
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
