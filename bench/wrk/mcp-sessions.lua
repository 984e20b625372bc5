-- wrk script: opens MCP sessions as fast as the server allows. Each connection sends `initialize`; the
-- session id of every reply is queued, and the next free request sends `notifications/initialized` for it
-- (on any connection: a session is not bound to one). Stops after BENCH_SESSIONS acknowledged sessions.
-- Environment:
--   BENCH_PATH      request path (default /mcp)
--   BENCH_HEADERS   extra headers, one "Name: value" per line (auth)
--   BENCH_SESSIONS  sessions to open

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local path = os.getenv("BENCH_PATH") or "/mcp"
local wanted = tonumber(os.getenv("BENCH_SESSIONS") or "0") or 0
local headers = {}
local queue = {}
local last_sid = nil
local started = 0
local seq = 0
opened = 0
failed = 0

function init(args)
  headers["Content-Type"] = "application/json"
  headers["Accept"] = "application/json, text/event-stream"
  for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.-)%s*$")
    if name then headers[name] = value end
  end
end

-- wrk calls request() once on thread 0's state before any connection, only to check what it returns
-- (script_verify_request); that call must not count as a started session. The bench runs one thread.
local verified = false

function request()
  if not verified then
    verified = true
    return wrk.format("POST", path, headers, '{"jsonrpc":"2.0","id":0,"method":"ping"}')
  end
  seq = seq + 1
  local sid = table.remove(queue)
  if sid then
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    h["Mcp-Session-Id"] = sid
    h["MCP-Protocol-Version"] = "2025-11-25"
    return wrk.format("POST", path, h, '{"jsonrpc":"2.0","method":"notifications/initialized"}')
  end
  if started >= wanted then
    -- Every wanted session is started (wrk always needs a request): a ping in a session already open, or a
    -- request for a path that does not exist, until the last acknowledgements are in.
    if last_sid == nil then return wrk.format("GET", "/__bench_idle") end
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    h["Mcp-Session-Id"] = last_sid
    h["MCP-Protocol-Version"] = "2025-11-25"
    return wrk.format("POST", path, h, '{"jsonrpc":"2.0","id":' .. seq .. ',"method":"ping"}')
  end
  started = started + 1
  return wrk.format("POST", path, headers,
    '{"jsonrpc":"2.0","id":' .. seq .. ',"method":"initialize","params":{"protocolVersion":"2025-11-25",'
      .. '"capabilities":{},"clientInfo":{"name":"mcp-gen-bench","version":"1.0.0"}}}')
end

function response(status, resp_headers, body)
  if status == 202 or status == 204 then
    opened = opened + 1
    if opened == wanted then
      io.write("BENCH_DONE\n")
      io.flush()
      wrk.thread:stop()
    end
    return
  end
  if status == 404 then return end
  if status ~= 200 then
    failed = failed + 1
    return
  end
  -- Only an initialize result opens a session (some servers echo the session id on every reply).
  if not string.find(body, '"protocolVersion"', 1, true) then return end
  for name, value in pairs(resp_headers) do
    if string.lower(name) == "mcp-session-id" then
      table.insert(queue, value)
      last_sid = value
      return
    end
  end
end

function done(summary, latency, requests)
  local total_opened, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total_opened = total_opened + (thread:get("opened") or 0)
    total_failed = total_failed + (thread:get("failed") or 0)
  end
  io.write(string.format('BENCH_JSON {"opened":%d,"failed":%d,"requests":%d,"duration_us":%d}\n',
    total_opened, total_failed, summary.requests, summary.duration))
end
