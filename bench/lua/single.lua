-- One event per request, seed 000's shape, a few distinct messages and levels.
local key = os.getenv("FL_KEY")
local app = os.getenv("FL_APP")
local messages = { "TimeoutError: request timed out", "KeyError: 'user'", "ConnectionResetError", "disk full", "slow query" }
local levels = { "ERROR", "WARNING", "INFO", "CRITICAL", "ERROR" }
local headers = { ["Content-Type"] = "application/json", ["X-INGEST-KEY"] = key }
local bodies = {}
for i = 1, #messages do
  bodies[i] = string.format('{"occurred_at":"2026-02-10T10:00:00Z","level":"%s","message":"%s","tags":{"env":"bench"}}', levels[i], messages[i])
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/apps/" .. app .. "/events", headers, bodies[(counter % #bodies) + 1])
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
