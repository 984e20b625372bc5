-- wrk script: POSTs tools/call of `add` with a fresh JSON-RPC id per request (stateful servers
-- route replies by id, so ids must not repeat within a session) and prints one JSON summary line.
-- Environment:
--   BENCH_PATH     request path (default /mcp)
--   BENCH_HEADERS  extra headers, one "Name: value" per line (session id, protocol version, auth)
--   BENCH_MAX      stop each thread after this many responses (0 or unset: run for the duration)

local next_thread = 1

function setup(thread)
  thread:set("thread_no", next_thread)
  next_thread = next_thread + 1
end

local path = os.getenv("BENCH_PATH") or "/mcp"
local max_responses = tonumber(os.getenv("BENCH_MAX") or "0") or 0
local headers = {}
local sent = 0
local received = 0

function init(args)
  headers["Content-Type"] = "application/json"
  headers["Accept"] = "application/json, text/event-stream"
  for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.-)%s*$")
    if name then headers[name] = value end
  end
end

function request()
  sent = sent + 1
  local id = (thread_no or 1) * 1000000000 + sent
  local body = '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/call","params":{"name":"add","arguments":{"a":'
    .. (sent % 1000) .. ',"b":2}}}'
  return wrk.format("POST", path, headers, body)
end

-- Defined only when a response budget is set: a response() hook makes wrk hand every reply to Lua.
if max_responses > 0 then
  function response(status, resp_headers, body)
    received = received + 1
    if received == max_responses then
      io.write("BENCH_DONE\n")
      io.flush()
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
