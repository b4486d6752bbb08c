--[[
  Counts one request in two fixed-window rate-limit counters, atomically.

  Input:
    KEYS[1] subject counter of the current window  (<prefix>:gateway:rate:sub:<hash>:<window>)
    KEYS[2] address counter of the current window  (<prefix>:gateway:rate:addr:<address>:<window>)
    ARGV[1] time to live of a new counter, in milliseconds (rest of the window plus a margin)

  Output:
    { subject count, address count } after counting this request

  Every request is counted, refused ones included, so a client that keeps hammering stays refused until the
  window ends.
]]
local subject = redis.call('INCR', KEYS[1])
if subject == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local address = redis.call('INCR', KEYS[2])
if address == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return { subject, address }
