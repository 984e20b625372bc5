/**
 * Tasks in Redis: hash `<p>task:<id>` with fields `o` (owner), `v` (version) and `d` (the task as JSON,
 * result included), expiring with PEXPIRE. Every change is one Lua compare-and-set on `v`, so a
 * completion on one instance and a cancellation on another cannot both win. The `requestState`
 * secret is `<p>secret:request-state`, set once with SET NX and read back by every instance.
 *
 * Leases: a running task with `leaseMs` has a sibling key `<p>task-lease:<id>` that lives `leaseMs`
 * (Redis' clock, so instances' clocks never matter): the instance running the handler renews it, and a
 * reader that finds it gone while the task runs knows that instance stopped renewing.
 */
import type { LeaseLoss, StoredTask, TaskStore, VersionedTask } from '../types.js';
import type { RedisConnection, ScriptCall } from './connection.js';

/** KEYS: task, lease. ARGV: owner, json, ttlMs, leaseMs (0: none). 1 when created, 0 when the id exists. */
const TASK_CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'o', ARGV[1], 'v', 1, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[4]) end
return 1`;

/** KEYS: task, lease. The owner, version, json (nil when gone) and whether the lease is live (1/0). */
const TASK_GET = `
local r = redis.call('HMGET', KEYS[1], 'o', 'v', 'd')
r[4] = redis.call('EXISTS', KEYS[2])
return r`;

/**
 * KEYS: task, lease. ARGV: expected version, json, ttlMs, '1' when the new status is terminal (its lease
 * goes). The new version; 0 on a version mismatch or when gone.
 */
const TASK_REPLACE = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v or v ~= ARGV[1] then return 0 end
local next = tonumber(v) + 1
redis.call('HSET', KEYS[1], 'v', next, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[4] == '1' then redis.call('DEL', KEYS[2]) end
return next`;

/**
 * KEYS: task, lease. ARGV: leaseMs, ttlMs. 1 renewed (a lapsed lease nobody acted on is taken again);
 * 2 the task ended; -1 the record is gone. A record without leaseMs is only kept alive.
 */
const TASK_RENEW = `
local d = redis.call('HGET', KEYS[1], 'd')
if not d then return -1 end
local t = cjson.decode(d)
local s = t['status']
if s == 'completed' or s == 'failed' or s == 'cancelled' then return 2 end
if t['leaseMs'] ~= nil then redis.call('SET', KEYS[2], '1', 'PX', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const LOSSES: Readonly<Record<string, LeaseLoss>> = { '2': 'ended', '-1': 'gone' };

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
  private readonly getScript: ScriptCall;
  private readonly renewScript: ScriptCall;
  private readonly secretScript: ScriptCall;

  constructor(private readonly connection: RedisConnection) {
    this.createScript = connection.script(2, TASK_CREATE);
    this.getScript = connection.script(2, TASK_GET);
    this.replaceScript = connection.script(2, TASK_REPLACE);
    this.renewScript = connection.script(2, TASK_RENEW);
    this.secretScript = connection.script(1, SHARED_SECRET);
  }

  async create(task: StoredTask, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const lease = task.leaseMs !== undefined && !TERMINAL.has(task.status) ? checkTtl(task.leaseMs) : 0;
    const reply = await this.connection.run('task create', () => this.createScript(this.keys(task.taskId), [task.owner, JSON.stringify(task), ttl, lease]));
    return Number(reply) === 1;
  }

  async get(taskId: string, owner?: string): Promise<VersionedTask | undefined> {
    const reply = await this.connection.run('task get', () => this.getScript(this.keys(taskId), []));
    const [o, v, d, leased] = Array.isArray(reply) ? (reply as unknown[]) : [];
    if (typeof o !== 'string' || v == null || typeof d !== 'string' || (owner !== undefined && o !== owner)) return undefined;
    const task = JSON.parse(d) as StoredTask;
    const found: VersionedTask = { task, version: Number(v) };
    return task.leaseMs === undefined ? found : { ...found, leased: Number(leased) === 1 };
  }

  async replace(task: StoredTask, version: number, ttlMs: number): Promise<number | undefined> {
    const ttl = checkTtl(ttlMs);
    const ended = TERMINAL.has(task.status) ? '1' : '0';
    const reply = await this.connection.run('task replace', () => this.replaceScript(this.keys(task.taskId), [String(version), JSON.stringify(task), ttl, ended]));
    const next = Number(reply);
    return next > 0 ? next : undefined;
  }

  async renewLeases(taskIds: readonly string[], leaseMs: number, ttlMs: number): Promise<ReadonlyMap<string, LeaseLoss>> {
    const lease = checkTtl(leaseMs);
    const ttl = checkTtl(ttlMs);
    // one script call per task, sent together (auto-pipelining): one round trip, each task atomic
    const replies = await Promise.all(taskIds.map((id) => this.connection.run('task lease renewal', () => this.renewScript(this.keys(id), [lease, ttl]))));
    const lost = new Map<string, LeaseLoss>();
    replies.forEach((reply, i) => {
      const why = LOSSES[String(reply)];
      if (why !== undefined) lost.set(taskIds[i]!, why);
    });
    return lost;
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

  /** The record and its lease. */
  private keys(taskId: string): [string, string] {
    return [this.key(taskId), this.connection.key('task-lease', taskId)];
  }
}
