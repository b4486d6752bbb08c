--[[
  Step-monotonic compare-and-set for TOTP replay protection (spec/auth.md §10).
  KEYS[1]  the user's last-accepted-step key
  ARGV[1]  the step the code matched (integer)
  ARGV[2]  time to live in seconds
  Returns 1 when the step was stored (strictly greater than the stored one, or none stored), else 0.
]]
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1
