-- wrk script for `make bench-serve`: POSTs single documents to /v1/classify, cycling through the
-- bodies in $TEXTCLF_BODIES (one JSON object per line: the paragraphs of data/test.jsonl), each
-- thread starting at a different one. The requests are formatted once, up front: formatting one
-- per request in Lua costs wrk enough CPU to slow the servers it shares the cores with.
local bodies = {}
for line in io.lines(os.getenv("TEXTCLF_BODIES")) do bodies[#bodies + 1] = line end
local headers = { ["Content-Type"] = "application/json" }
local requests = {}
for index, body in ipairs(bodies) do requests[index] = wrk.format("POST", "/v1/classify", headers, body) end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 37)
end

local i = 0
function request()
  i = i + 1
  return requests[((i + (offset or 0)) % #requests) + 1]
end
