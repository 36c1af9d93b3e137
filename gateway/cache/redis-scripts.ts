/**
 * The Lua scripts of the Redis adapter: each step that must not interleave
 * with another node's runs as one script. Time is Redis's own (`TIME`), so
 * nodes whose clocks disagree still agree on what has expired.
 *
 * An actor's presence is two keys: a sorted set of members scored by when
 * each entry expires, and a hash of member -> record (MessagePack). Both
 * keys carry a TTL as long as their longest entry, so an actor whose nodes
 * all died leaves nothing behind.
 */

const NOW = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`

/** Both keys live at least `ttl` more milliseconds (-1, no TTL yet, is less than any). */
const KEEP_KEYS = `local function keep(ttl)
  for _, key in ipairs(KEYS) do
    if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
  end
end`

export interface ScriptSource {
  readonly keys: number
  readonly lua: string
}

/** KEYS: expiry set, records. ARGV: member, packed record, ttl ms, channel. */
export const PUBLISH: ScriptSource = {
  keys: 2,
  lua: `${NOW}
${KEEP_KEYS}
local ttl = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
keep(ttl)
redis.call('PUBLISH', ARGV[4], ARGV[2])`,
}

/** KEYS: expiry set, records. ARGV: member, packed removal, channel. */
export const REMOVE: ScriptSource = {
  keys: 2,
  lua: `redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[2])`,
}

/** KEYS: expiry set, records. ARGV: ttl ms, members... Returns the members with no live entry (dropped if expired). */
export const REFRESH: ScriptSource = {
  keys: 2,
  lua: `${NOW}
${KEEP_KEYS}
local ttl = tonumber(ARGV[1])
local missing = {}
local kept = false
for i = 2, #ARGV do
  local member = ARGV[i]
  local expires = tonumber(redis.call('ZSCORE', KEYS[1], member))
  if expires and expires > now and redis.call('HEXISTS', KEYS[2], member) == 1 then
    redis.call('ZADD', KEYS[1], now + ttl, member)
    kept = true
  else
    redis.call('ZREM', KEYS[1], member)
    redis.call('HDEL', KEYS[2], member)
    missing[#missing + 1] = member
  end
end
if kept then keep(ttl) end
return missing`,
}

/** KEYS: expiry set, records. Drops expired entries, then returns the rest as [member, record, ...]. */
export const READ: ScriptSource = {
  keys: 2,
  lua: `${NOW}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], member)
end
return redis.call('HGETALL', KEYS[2])`,
}

/** KEYS: counter. ARGV: window ms. Returns [count, ms until it expires]. */
export const INCREMENT: ScriptSource = {
  keys: 1,
  lua: `local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  left = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], left)
end
return {count, left}`,
}
