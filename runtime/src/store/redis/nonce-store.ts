/** Seen-once values (HMAC replay protection) with `SET NX PX`: the first instance to see a nonce wins. */
import type { NonceStore } from '../types.js';
import type { RedisConnection } from './connection.js';

export class RedisNonceStore implements NonceStore {
  constructor(private readonly connection: RedisConnection) {}

  async remember(nonce: string, ttlMs: number): Promise<boolean> {
    if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`nonce ttlMs must be a positive number, got ${String(ttlMs)}`);
    const reply = await this.connection.run('nonce remember', (client) =>
      client.set(this.connection.key('nonce', nonce), '1', 'PX', Math.ceil(ttlMs), 'NX'),
    );
    return reply === 'OK';
  }
}
