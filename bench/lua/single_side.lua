-- Single events for the side-by-side run of bench/run (1f), the same shape and size either way, so the two
-- rates differ by the error groups' writes only. FL_GROUPED=1: every event in a group (kind error, level
-- ERROR, five messages: five busy groups, so every commit writes group rows, hourly counts and users);
-- otherwise none (kind log, INFO and DEBUG).
local key = os.getenv("FL_KEY")
local app = os.getenv("FL_APP")
local grouped = os.getenv("FL_GROUPED") == "1"
local messages = { "TimeoutError: request timed out", "KeyError: 'user'", "ConnectionResetError", "disk full", "slow query" }
local levels = grouped and { "ERROR", "ERROR", "ERROR", "ERROR", "ERROR" } or { "INFO", "DEBUG", "INFO", "DEBUG", "INFO" }
local kind = grouped and "error" or "log"
local headers = { ["Content-Type"] = "application/json", ["X-INGEST-KEY"] = key }
local counter = 0
request = function()
  counter = counter + 1
  local i = (counter % #messages) + 1
  -- A user per request among a thousand, as an app's users would come; a group keeps its distinct users.
  return wrk.format("POST", "/apps/" .. app .. "/events", headers, string.format(
    '{"occurred_at":"2026-02-10T10:00:00Z","kind":"%s","level":"%s","message":"%s","user_id":"u%d","tags":{"env":"bench"}}',
    kind, levels[i], messages[i], counter % 1000))
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
