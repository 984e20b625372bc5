#!/bin/bash
# Probe: how opening sessions gets cheaper as one server warms up. Starts bench/app on core 1 (port 18774),
# then opens 100, 1000, 1000 and 1000 sessions with wrk (bench/wrk/mcp-sessions.lua) one burst after another,
# printing wall time and server CPU of each. Needs wrk and bench/app built (`npm run bench` builds it).
# Usage: bench/probes/session-bursts.sh [node flags]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d)
cd "$ROOT/bench/app"
env HOST=127.0.0.1 PORT=18774 MCP_LOG_LEVEL=warn NODE_ENV=production taskset -c 1 node ${1:-} dist/main.js serve > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$OUT"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18774/healthz && break; sleep 0.2; done
burst() {
  rm -f "$OUT/wrk.txt"
  local start cpu0 end cpu1 w
  start=$(date +%s%N); cpu0=$(awk '{print $14+$15}' /proc/$PID/stat)
  BENCH_SESSIONS=$1 taskset -c 0 wrk -t1 -c50 -d10s -s "$ROOT/bench/wrk/mcp-sessions.lua" http://127.0.0.1:18774/mcp > "$OUT/wrk.txt" &
  w=$!
  for _ in $(seq 2000); do grep -q BENCH_DONE "$OUT/wrk.txt" 2>/dev/null && break; sleep 0.005; done
  end=$(date +%s%N); cpu1=$(awk '{print $14+$15}' /proc/$PID/stat)
  kill -INT $w 2>/dev/null; wait $w 2>/dev/null
  echo "$1 sessions: $(( (end - start) / 1000000 )) ms, server CPU $(( (cpu1 - cpu0) * 10 )) ms"
  sleep 1
}
burst 100; burst 1000; burst 1000; burst 1000
