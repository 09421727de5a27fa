-- DRF's SimpleRateThrottle.allow_request on one key, atomically (a script runs alone in Redis).
-- The history is stored exactly as Django's cache (django-redis) stores DRF's list: a pickled
-- Python list of floats, newest first, with the window as its TTL, so a DRF instance on the same
-- Redis and key prefix reads and writes the same histories.
-- KEYS[1]: the key; ARGV: now, duration (seconds), num_requests.
-- Returns {1} when allowed (and recorded), {0, len, oldest} when denied.

-- Reads a pickled list of floats (protocols 2 to 5); nil for anything else.
local function load(data)
  local history = {}
  if not data then
    return history
  end
  local i, n = 1, #data
  while i <= n do
    local op = string.byte(data, i)
    if op == 71 then -- 'G' BINFLOAT: an 8-byte big-endian double
      history[#history + 1] = struct.unpack('>d', data, i + 1)
      i = i + 9
    elseif op == 128 or op == 113 then -- PROTO n, BINPUT n
      i = i + 2
    elseif op == 114 then -- LONG_BINPUT n
      i = i + 5
    elseif op == 149 then -- FRAME length
      i = i + 9
    elseif op == 93 or op == 148 or op == 40 or op == 101 or op == 97 or op == 46 then
      i = i + 1 -- EMPTY_LIST MEMOIZE MARK APPENDS APPEND STOP
    else
      return nil
    end
  end
  return history
end

-- Writes the list as Python's pickle.dumps(history, protocol=4) does, byte for byte.
local function dump(history)
  local parts = {']', '\148'}
  local n = #history
  local i = 1
  while i <= n do
    local last = math.min(i + 999, n)
    if last > i then
      parts[#parts + 1] = '('
    end
    for j = i, last do
      parts[#parts + 1] = 'G' .. struct.pack('>d', history[j])
    end
    parts[#parts + 1] = (last > i) and 'e' or 'a'
    i = last + 1
  end
  parts[#parts + 1] = '.'
  local body = table.concat(parts)
  if #body < 4 then
    return '\128\4' .. body
  end
  return '\128\4\149' .. struct.pack('<I4', #body) .. '\0\0\0\0' .. body
end

local history = load(redis.call('GET', KEYS[1]))
if history == nil then
  return redis.error_reply('the throttle history under ' .. KEYS[1] .. ' is not a pickled list of floats')
end
local now = tonumber(ARGV[1])
local duration = tonumber(ARGV[2])
local num_requests = tonumber(ARGV[3])
while #history > 0 and history[#history] <= now - duration do
  table.remove(history)
end
if #history >= num_requests then
  local oldest = ''
  if #history > 0 then
    oldest = string.format('%.17g', history[#history])
  end
  return {0, #history, oldest}
end
table.insert(history, 1, now)
redis.call('SET', KEYS[1], dump(history), 'PX', math.max(1, math.floor(duration * 1000)))
return {1}
