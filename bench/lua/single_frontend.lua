-- One event per request as a browser SDK sends it to the Frontend Monitoring API (POST /api/events, X-API-Key).
local key = os.getenv("FL_KEY")
local headers = { ["Content-Type"] = "application/json", ["X-API-Key"] = key }
local types = { "error", "performance", "interaction", "custom", "interaction" }
local names = { "TypeError", "LCP", "click", "signup", "scroll" }
local bodies = {}
for i = 1, #types do
  bodies[i] = string.format('{"event_type":"%s","name":"%s","message":"bench %d","user_id":"u%d","session_id":"s%d","page_url":"https://shop.example.com/p/%d"}',
    types[i], names[i], i, i, i, i)
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/events", headers, bodies[(counter % #bodies) + 1])
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
