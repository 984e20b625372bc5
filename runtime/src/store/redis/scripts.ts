/**
 * Lua scripts: each runs atomically in Redis and costs one round trip. Times come from the caller
 * (instances are expected to keep NTP time; only session counting depends on it).
 */

/** KEYS: record, index. ARGV: ttlMs, expireAt, id, field, value, ... */
export const SESSION_CREATE = `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

/** Update only a live session (a deleted one must not come back). KEYS: record, index. ARGV as create. */
export const SESSION_UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if #ARGV > 3 then redis.call('HSET', KEYS[1], unpack(ARGV, 4)) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

/** KEYS: record, index. ARGV: ttlMs, expireAt, id. */
export const SESSION_TOUCH = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0`;

/** KEYS: record, index. ARGV: id. */
export const SESSION_DELETE = `
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])`;

/** KEYS: index. ARGV: now. Live sessions (expired entries are pruned first). */
export const SESSION_COUNT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])`;

/** KEYS: stream. ARGV: maxLen, data, retentionMs. Returns the entry id. */
export const EVENT_APPEND = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return id`;

/** KEYS: stream. ARGV: after entry id, count. nil when the stream is unknown or expired. */
export const EVENT_REPLAY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])`;

/**
 * Fixed window that starts at the first hit, counted in Redis so it is exact across instances.
 * KEYS: counter. ARGV: windowMs. Returns {count, ms until reset}.
 */
export const RATE_HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;
