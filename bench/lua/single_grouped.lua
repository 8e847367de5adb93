-- One event per request, every one in an error group (kind error, level ERROR, five messages: five busy
-- groups, so every commit writes group rows, hourly counts and users). Compared with single_ungrouped.lua.
local key = os.getenv("FL_KEY")
local app = os.getenv("FL_APP")
local messages = { "TimeoutError: request timed out", "KeyError: 'user'", "ConnectionResetError", "disk full", "slow query" }
local headers = { ["Content-Type"] = "application/json", ["X-INGEST-KEY"] = key }
local bodies = {}
local counter = 0
request = function()
  counter = counter + 1
  local i = (counter % #messages) + 1
  -- A user per request among a thousand, as an app's users would come; the group keeps its distinct users.
  return wrk.format("POST", "/apps/" .. app .. "/events", headers, string.format(
    '{"occurred_at":"2026-02-10T10:00:00Z","kind":"error","level":"ERROR","message":"%s","user_id":"u%d","tags":{"env":"bench"}}',
    messages[i], counter % 1000))
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
