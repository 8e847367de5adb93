-- One event per request as a producer sends it to the Event Processor API (POST /api/v1/events, x-api-key),
-- without an eventId, as most producers send them.
local key = os.getenv("FL_KEY")
local headers = { ["Content-Type"] = "application/json", ["x-api-key"] = key }
local types = { "user_signup", "page_view", "click", "purchase", "page_view" }
local bodies = {}
for i = 1, #types do
  bodies[i] = string.format('{"eventType":"%s","userId":"user_%d","sessionId":"session_%d","timestamp":"2026-02-10T10:00:00Z","metadata":{"source":"web"},"priority":1}',
    types[i], i, i)
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/events", headers, bodies[(counter % #bodies) + 1])
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
