/**
 * SEP-2243 routing headers: `Mcp-Method`, `Mcp-Name` and the tool-declared `Mcp-Param-*` headers
 * mirror body fields so intermediaries can route without parsing JSON. A server that reads the body
 * MUST check that they agree with it: any disagreement is -32020 (HTTP 400).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JsonSchema } from '../../registry/types.js';
import { nameFieldOf } from './constants.js';
import { headerMismatch } from './errors.js';

/** One header value with optional whitespace removed (RFC 9110 §5.5); undefined when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined ? undefined : s.trim();
}

const BASE64_WRAPPED = /^=\?base64\?(.*)\?=$/i;
const BASE64_BODY = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode a header value: `=?base64?<b64>?=` is Base64 of UTF-8 text (strict alphabet and padding);
 * anything else is taken literally. Returns undefined for a malformed Base64 value.
 *
 * @example
 * decodeHeaderValue('=?base64?SGVsbG8=?='); // 'Hello'
 * decodeHeaderValue('SGVsbG8='); // 'SGVsbG8=' (literal)
 */
export function decodeHeaderValue(raw: string): string | undefined {
  const m = BASE64_WRAPPED.exec(raw);
  if (m === null) return raw;
  const body = m[1]!;
  if (!BASE64_BODY.test(body)) return undefined;
  try {
    return utf8.decode(Buffer.from(body, 'base64'));
  } catch {
    return undefined;
  }
}

/** The string a body value is compared with in a header. */
function headerForm(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Check `Mcp-Method` and `Mcp-Name` against the body. Header names are case-insensitive (Node
 * lower-cases them); values are case-sensitive and compared after trimming.
 */
export function checkRoutingHeaders(headers: IncomingHttpHeaders, method: string, params: Record<string, unknown> | undefined): void {
  const hMethod = headerValue(headers, 'mcp-method');
  if (hMethod === undefined) throw headerMismatch('the Mcp-Method header is required', { header: 'Mcp-Method', expected: method });
  if (hMethod !== method) throw headerMismatch(`Mcp-Method "${hMethod}" does not match the body method "${method}"`, { header: 'Mcp-Method', expected: method, received: hMethod });
  const field = nameFieldOf(method);
  if (field === undefined) return;
  const bodyName = params?.[field];
  if (typeof bodyName !== 'string') return; // the method itself reports the missing field (-32602)
  const raw = headerValue(headers, 'mcp-name');
  if (raw === undefined) throw headerMismatch(`the Mcp-Name header is required for ${method}`, { header: 'Mcp-Name', expected: bodyName });
  const hName = decodeHeaderValue(raw);
  if (hName === undefined) throw headerMismatch('Mcp-Name is not valid Base64', { header: 'Mcp-Name' });
  if (hName !== bodyName) throw headerMismatch(`Mcp-Name "${hName}" does not match params.${field} "${bodyName}"`, { header: 'Mcp-Name', expected: bodyName, received: hName });
}

/** Properties of a tool input schema that declare `x-mcp-header`, as [argument, header suffix]. */
export function headerParams(inputSchema: JsonSchema): readonly (readonly [string, string])[] {
  const props = inputSchema['properties'];
  if (typeof props !== 'object' || props === null) return [];
  const out: (readonly [string, string])[] = [];
  for (const [arg, def] of Object.entries(props as Record<string, unknown>)) {
    const suffix = typeof def === 'object' && def !== null ? (def as Record<string, unknown>)['x-mcp-header'] : undefined;
    if (typeof suffix === 'string' && suffix !== '') out.push([arg, suffix]);
  }
  return out;
}

/**
 * Check the `Mcp-Param-<Suffix>` headers a tool declares with `x-mcp-header`: an argument present in
 * the body needs its header with the same value (literal, or `=?base64?...?=`); a header without
 * its argument, or a malformed Base64 value, is rejected too.
 */
export function checkParamHeaders(headers: IncomingHttpHeaders, inputSchema: JsonSchema, args: unknown): void {
  const declared = headerParams(inputSchema);
  if (declared.length === 0) return;
  const body = typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
  for (const [arg, suffix] of declared) {
    const name = `Mcp-Param-${suffix}`;
    const raw = headerValue(headers, name);
    const value = body[arg];
    const present = value !== undefined && value !== null;
    if (!present) {
      if (raw !== undefined) throw headerMismatch(`${name} is set but arguments.${arg} is absent`, { header: name });
      continue;
    }
    if (raw === undefined) throw headerMismatch(`the ${name} header is required when arguments.${arg} is set`, { header: name });
    const decoded = decodeHeaderValue(raw);
    if (decoded === undefined) throw headerMismatch(`${name} is not valid Base64 (=?base64?...?= needs a padded standard alphabet)`, { header: name });
    if (decoded !== headerForm(value)) throw headerMismatch(`${name} does not match arguments.${arg}`, { header: name });
  }
}
