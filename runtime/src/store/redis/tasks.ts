/**
 * Tasks in Redis: hash `<p>task:<id>` with fields `o` (owner), `v` (version) and `d` (the task as JSON,
 * result included), expiring with PEXPIRE. Every change is one Lua compare-and-set on `v`, so a
 * completion on one instance and a cancellation on another cannot both win. The `requestState`
 * secret is `<p>secret:request-state`, set once with SET NX and read back by every instance.
 */
import type { StoredTask, TaskStore, VersionedTask } from '../types.js';
import type { RedisConnection, ScriptCall } from './connection.js';

/** KEYS: task. ARGV: owner, json, ttlMs. 1 when created, 0 when the id exists. */
const TASK_CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'o', ARGV[1], 'v', 1, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** KEYS: task. ARGV: expected version, json, ttlMs. The new version; 0 on a version mismatch or when gone. */
const TASK_REPLACE = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v or v ~= ARGV[1] then return 0 end
local next = tonumber(v) + 1
redis.call('HSET', KEYS[1], 'v', next, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return next`;

/** KEYS: secret. ARGV: candidate. The stored secret (the candidate when none was stored). */
const SHARED_SECRET = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])`;

function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`task ttlMs must be a positive number, got ${String(ttlMs)}`);
  return Math.ceil(ttlMs);
}

/**
 * @example
 * const stores = createRedisStores('redis://127.0.0.1:6379');
 * await stores.tasks.create(task, 600_000);
 */
export class RedisTaskStore implements TaskStore {
  private readonly createScript: ScriptCall;
  private readonly replaceScript: ScriptCall;
  private readonly secretScript: ScriptCall;

  constructor(private readonly connection: RedisConnection) {
    this.createScript = connection.script(1, TASK_CREATE);
    this.replaceScript = connection.script(1, TASK_REPLACE);
    this.secretScript = connection.script(1, SHARED_SECRET);
  }

  async create(task: StoredTask, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const reply = await this.connection.run('task create', () => this.createScript([this.key(task.taskId)], [task.owner, JSON.stringify(task), ttl]));
    return Number(reply) === 1;
  }

  async get(taskId: string, owner?: string): Promise<VersionedTask | undefined> {
    const [o, v, d] = await this.connection.run('task get', (client) => client.hmget(this.key(taskId), 'o', 'v', 'd'));
    if (o == null || v == null || d == null || (owner !== undefined && o !== owner)) return undefined;
    return { task: JSON.parse(d) as StoredTask, version: Number(v) };
  }

  async replace(task: StoredTask, version: number, ttlMs: number): Promise<number | undefined> {
    const ttl = checkTtl(ttlMs);
    const reply = await this.connection.run('task replace', () => this.replaceScript([this.key(task.taskId)], [String(version), JSON.stringify(task), ttl]));
    const next = Number(reply);
    return next > 0 ? next : undefined;
  }

  async touch(taskId: string, ttlMs: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    await this.connection.run('task touch', (client) => client.pexpire(this.key(taskId), ttl));
  }

  async sharedSecret(candidate: string): Promise<string> {
    if (candidate === '') throw new RangeError('shared secret candidate must not be empty');
    const reply = await this.connection.run('shared secret', () => this.secretScript([this.connection.key('secret', 'request-state')], [candidate]));
    if (typeof reply !== 'string' || reply === '') throw new Error('redis shared secret: unexpected empty reply');
    return reply;
  }

  private key(taskId: string): string {
    return this.connection.key('task', taskId);
  }
}
