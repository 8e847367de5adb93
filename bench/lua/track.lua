-- One API call per request to the API Analytics API's /api/v1/track, with the app's ingest key in X-API-Key.
local key = os.getenv("FL_KEY")
local headers = { ["Content-Type"] = "application/json", ["X-API-Key"] = key }
local paths = { "/users", "/orders", "/orders/42", "/login", "/search" }
local methods = { "GET", "POST", "GET", "POST", "GET" }
local statuses = { 200, 201, 404, 200, 500 }
local bodies = {}
for i = 1, #paths do
  bodies[i] = string.format('{"url_path":"%s","method":"%s","response_status_code":%d,"response_time_ms":%d.5,"user_agent":"bench","ip":"203.0.113.%d"}',
    paths[i], methods[i], statuses[i], 10 * i, i)
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/track", headers, bodies[(counter % #bodies) + 1])
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
