-- LogHunter's POST /api/v1/search over a window: FL_SEARCH_BODY is the JSON body, FL_TOKEN the bearer token.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FL_TOKEN")
wrk.body = os.getenv("FL_SEARCH_BODY")
dofile(os.getenv("FL_BENCH") .. "/lua/report.lua")
