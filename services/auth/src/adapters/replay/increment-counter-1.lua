--[[
  Fixed-window failure counter (spec/auth.md §11.5).
  KEYS[1]  the counter key
  ARGV[1]  window length in seconds
  Returns { count, milliseconds left in the window }.
]]
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 1000)
  ttl = tonumber(ARGV[1]) * 1000
end
return { count, ttl }
