-- GET with a bearer token per request, round-robin over BENCH_WRK_TOKENS (one user's
-- token a line). wrk has no per-connection hook, so each request takes the next
-- user's token: with as many tokens as connections, every session stays as hot as
-- with one token per connection. Requests are built once, in init().
dofile(debug.getinfo(1, 'S').source:match('^@(.*/)') .. 'report.lua')

local requests = {}
local next_index = 0

function init (_args)
  for _, token in ipairs(read_tokens()) do
    table.insert(requests, wrk.format(nil, nil, { ['Authorization'] = 'Bearer ' .. token }))
  end
end

function request ()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
