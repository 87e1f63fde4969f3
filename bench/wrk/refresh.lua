-- POST {"refreshToken"} with an unused token every time. Refresh tokens rotate,
-- so the pool is a FIFO: request() takes the head, each 200 puts the rotated token
-- it returns at the tail, and no token is presented twice (the replay path is not
-- what is measured; replays are counted to show it). The tokens still in the pool
-- at the end go to BENCH_WRK_LEFT, so the next round starts from them.
dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'report.lua')

queue, head, tail = {}, 1, 1
pool_stats = { handedOut = 0, replayed = 0, exhausted = 0, refused = 0 }
local seen = {}
local headers = { ['Content-Type'] = 'application/json' }

function init (_args)
  for _, token in ipairs(read_tokens()) do
    queue[tail] = token
    tail = tail + 1
  end
end

function request ()
  local token = 'pool-exhausted'
  if head < tail then
    token = queue[head]
    queue[head] = nil
    head = head + 1
    if seen[token] then pool_stats.replayed = pool_stats.replayed + 1 end
    seen[token] = true
  else
    pool_stats.exhausted = pool_stats.exhausted + 1
  end
  pool_stats.handedOut = pool_stats.handedOut + 1
  return wrk.format('POST', nil, headers, '{"refreshToken":"' .. token .. '"}')
end

function response (status, _headers, body)
  local token = status == 200 and body:match('"refreshToken":"([^"]+)"') or nil
  if token ~= nil then
    queue[tail] = token
    tail = tail + 1
  else
    pool_stats.refused = pool_stats.refused + 1
  end
end
