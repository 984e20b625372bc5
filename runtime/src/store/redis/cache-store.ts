/**
 * Cached results as plain Redis strings with a TTL (`SET PX`), shared by all instances. Long keys
 * (canonical JSON of large arguments) are stored under their SHA-256 so key size stays bounded.
 */
import { createHash } from 'node:crypto';
import type { CacheStore } from '../types.js';
import type { RedisConnection } from './connection.js';

const MAX_PLAIN_KEY = 200;

export class RedisCacheStore implements CacheStore {
  constructor(private readonly connection: RedisConnection) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.connection.run('cache get', (client) => client.get(this.key(key)));
    return value ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`cache ttlMs must be a positive number, got ${String(ttlMs)}`);
    await this.connection.run('cache set', (client) => client.set(this.key(key), value, 'PX', Math.ceil(ttlMs)));
  }

  private key(key: string): string {
    const short = key.length <= MAX_PLAIN_KEY ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`;
    return this.connection.key('cache', short);
  }
}
