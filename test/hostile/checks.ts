/**
 * What every hostile case must show: the server answered a well-formed reply (no 5xx, JSON or SSE whose every
 * data line is JSON, an error object on 4xx), leaked no stack trace, path or secret, and is still up.
 */
import { connect } from 'node:net';
import { expect } from 'vitest';
import { send, type RawResponse } from '../security/http.js';

/** Signs of a leaked stack trace or source location. */
const STACK = [/\n\s+at [^\n]+\(/, /\bat (?:async )?[\w$.<>]+ \((?:file:|node:|\/)/, /node:internal/, /\/work\//, /\.ts:\d+:\d+/, /\.m?js:\d+:\d+/, /node_modules/];

export interface SaneOptions {
  /** Secrets that must never appear. */
  readonly secrets?: readonly string[];
  /** Status codes that are acceptable for this case (default: any 2xx-4xx). */
  readonly statuses?: readonly number[];
}

export function expectSane(res: RawResponse, options: SaneOptions = {}): void {
  expect(res.status, `status ${res.status}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `status ${res.status}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
  if (options.statuses !== undefined) expect(options.statuses, `got ${res.status}: ${res.text.slice(0, 200)}`).toContain(res.status);
  const type = String(res.headers['content-type'] ?? '');
  if (res.text.length > 0) {
    if (type.includes('text/event-stream')) {
      for (const line of res.text.split('\n')) {
        expect(line.includes('\r'), 'bare CR inside an SSE line').toBe(false);
        if (line.startsWith('data:') && line.slice(5).trim().length > 0) expect(() => JSON.parse(line.slice(5))).not.toThrow();
      }
    } else if (type.includes('json')) {
      expect(() => JSON.parse(res.text), `invalid JSON body: ${res.text.slice(0, 200)}`).not.toThrow();
      if (res.status >= 400) expect(JSON.parse(res.text)).toHaveProperty('error');
    }
  }
  const all = res.text + JSON.stringify(res.headers);
  for (const re of STACK) expect(re.test(all), `stack/path leak (${re}): ${all.slice(0, 300)}`).toBe(false);
  for (const s of options.secrets ?? []) expect(all.includes(s), 'secret leaked').toBe(false);
}

export async function expectUp(base: string): Promise<void> {
  const r = await send(`${base}/healthz`);
  expect(r.status).toBe(200);
}

/** Sends raw bytes over TCP (for what node's client refuses to send: CR/LF in headers, bad framing). */
export function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 3000): Promise<{ statusLine: string; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ statusLine: text.split('\r\n')[0] ?? '', text });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One response is enough: stop once its headers (and a short body) are in.
      const t = Buffer.concat(chunks).toString('latin1');
      const end = t.indexOf('\r\n\r\n');
      if (end >= 0) {
        const m = /content-length: *(\d+)/i.exec(t.slice(0, end));
        if (m && t.length >= end + 4 + Number(m[1])) {
          clearTimeout(timer);
          done();
        }
      }
    });
    socket.on('end', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(bytes);
  });
}

/** True when Object.prototype got a key it should not have. */
export function prototypePolluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe['polluted'] !== undefined || probe['isAdmin'] !== undefined || probe['admin'] !== undefined || Object.keys(Object.prototype).length > 0;
}
