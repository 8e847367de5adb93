-- Batches of 1,000 events per request.
local key = os.getenv("FL_KEY")
local app = os.getenv("FL_APP")
local events = {}
for i = 1, 1000 do
  events[i] = string.format('{"occurred_at":"2026-02-10T10:00:00Z","level":"%s","message":"batch message %d","tags":{"env":"bench"}}',
    (i % 3 == 0) and "ERROR" or "INFO", i % 40)
end
wrk.method = "POST"
wrk.path = "/api/v1/apps/" .. app .. "/events/batch"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-INGEST-KEY"] = key
wrk.body = '{"events":[' .. table.concat(events, ",") .. ']}'
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
