-- One event per request in Sentry's envelope protocol, as @sentry/node sends it: the key in the query
-- string, no Content-Type, an item without a length, and a fresh event_id each time (SDKs always send one).
local key = os.getenv("FL_KEY")
local app = os.getenv("FL_APP")
local path = "/api/" .. app .. "/envelope/?sentry_version=7&sentry_key=" .. key .. "&sentry_client=sentry.javascript.node%2F11.12.0"
local errors = { { "TypeError", "Cannot read properties of null (reading 'x')" }, { "RangeError", "Invalid array length" },
  { "Error", "card declined" }, { "SyntaxError", "Unexpected token } in JSON at position 12" }, { "TimeoutError", "request timed out" } }
local template = '{"event_id":"%s","sent_at":"2026-02-10T10:00:01.000Z","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}\n'
  .. '{"type":"event"}\n'
  .. '{"exception":{"values":[{"type":"%s","value":"%s","stacktrace":{"frames":['
  .. '{"filename":"node:events","module":"node:events","function":"Server.emit","lineno":536,"colno":35,"in_app":false},'
  .. '{"filename":"/srv/shop/router.js","module":"router","function":"handle","lineno":88,"colno":7,"in_app":true},'
  .. '{"filename":"/srv/shop/checkout.js","module":"checkout","function":"pay","lineno":19,"colno":14,"in_app":true,"context_line":"  order.total += 1;"}]},'
  .. '"mechanism":{"type":"generic","handled":true}}]},"event_id":"%s","level":"error","platform":"node",'
  .. '"contexts":{"runtime":{"name":"node","version":"v20.20.2"}},"server_name":"web-1","timestamp":1770717600.25,'
  .. '"environment":"production","release":"shop@2.0.0","sdk":{"name":"sentry.javascript.node","version":"11.12.0"},'
  .. '"tags":{"env":"bench","region":"eu-west"},"user":{"id":"u-42"}}\n'
local prefix
local counter = 0
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  prefix = string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end
request = function()
  counter = counter + 1
  local id = prefix .. string.format("%016x", counter)
  local error = errors[(counter % #errors) + 1]
  return wrk.format("POST", path, {}, string.format(template, id, error[1], error[2], id))
end
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
