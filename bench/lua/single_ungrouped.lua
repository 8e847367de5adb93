-- One event per request that belongs to no error group (kind log, INFO and DEBUG): the side-by-side
-- partner of single_grouped.lua, same shape and size, so their rates differ by the groups' writes only.
local key = os.getenv("FL_KEY")
local app = os.getenv("FL_APP")
local messages = { "TimeoutError: request timed out", "KeyError: 'user'", "ConnectionResetError", "disk full", "slow query" }
local levels = { "INFO", "DEBUG", "INFO", "DEBUG", "INFO" }
local headers = { ["Content-Type"] = "application/json", ["X-INGEST-KEY"] = key }
local counter = 0
request = function()
  counter = counter + 1
  local i = (counter % #messages) + 1
  return wrk.format("POST", "/apps/" .. app .. "/events", headers, string.format(
    '{"occurred_at":"2026-02-10T10:00:00Z","kind":"log","level":"%s","message":"%s","user_id":"u%d","tags":{"env":"bench"}}',
    levels[i], messages[i], counter % 1000))
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
