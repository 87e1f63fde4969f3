-- Loaded first by each of the bench's wrk scripts (dofile): done() prints one
-- line, `BENCH_RESULT {json}`, which bench/lib/wrk.ts reads instead of wrk's text.
local threads = {}

function setup (thread)
  table.insert(threads, thread)
end

local function pool_stats ()
  local total = { handedOut = 0, replayed = 0, exhausted = 0, refused = 0 }
  local left = {}
  for _, thread in ipairs(threads) do
    local stats = thread:get('pool_stats')
    if stats ~= nil then
      for key, value in pairs(stats) do total[key] = total[key] + value end
      local queue, head, tail = thread:get('queue'), thread:get('head'), thread:get('tail')
      for index = head, tail - 1 do table.insert(left, queue[index]) end
    end
  end
  return total, left
end

function done (summary, latency, _requests)
  local errors = summary.errors
  local total, left = pool_stats()
  local out = os.getenv('BENCH_WRK_LEFT')
  if out ~= nil and out ~= '' then
    local file = assert(io.open(out, 'w'))
    file:write(table.concat(left, '\n'))
    file:close()
  end
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"seconds":%.6f,"non2xx":%d,"errors":%d,"p50":%.3f,"p99":%.3f,' ..
    '"pool":{"handedOut":%d,"replayed":%d,"exhausted":%d,"refused":%d,"left":%d}}\n',
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total.handedOut, total.replayed, total.exhausted, total.refused, #left))
end

-- The lines of the file named by BENCH_WRK_TOKENS (one token a line).
function read_tokens ()
  local tokens = {}
  local path = os.getenv('BENCH_WRK_TOKENS')
  assert(path ~= nil, 'BENCH_WRK_TOKENS is not set')
  for line in io.lines(path) do
    if line ~= '' then table.insert(tokens, line) end
  end
  return tokens
end
