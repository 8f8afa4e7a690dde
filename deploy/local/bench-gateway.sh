#!/usr/bin/env bash
# make bench-gateway: one read method (catalog items.get) over HTTP with a valid token at 64 connections (wrk), and
# the same method over the bus directly (jg-bench gateway), against a release-built suite on loopback. Then two
# floors in the same run: HTTP alone (/healthz: Hummingbird, no token, no bus), and the gateway alone (the same call
# answered by a stand-in that replays catalog's reply at no cost, with catalog stopped).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
export CONFIG=release JG_DATA_DIR=$(mktemp -d) JG_HTTP_PORT=18090 JG_RATE_LIMIT=0 JG_LOG_LEVEL=warning
export JG_BROKER_BIND=tcp://127.0.0.1:15555 JG_GATEWAY=tcp://127.0.0.1:15555
export JG_HUB_XSUB_BIND=tcp://127.0.0.1:15556 JG_EVENTS_PUB=tcp://127.0.0.1:15556
export JG_HUB_XPUB_BIND=tcp://127.0.0.1:15557 JG_EVENTS_SUB=tcp://127.0.0.1:15557
trap 'deploy/local/suite.sh stop >/dev/null; rm -rf "$JG_DATA_DIR"' EXIT
deploy/local/suite.sh start >/dev/null
TOKEN=$(cat "$JG_DATA_DIR/admin.token")
script=$(mktemp --suffix=.lua)
cat >"$script" <<LUA
wrk.method = "POST"
wrk.body = '{"code":"HY-2025-04"}'
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
LUA
echo "bench-gateway: $(nproc) cores, $(date -u +%FT%TZ); catalog items.get {code: HY-2025-04}"
wrk -t2 -c64 -d10s -s "$script" "http://127.0.0.1:$JG_HTTP_PORT/v1/call/catalog/items.get" | sed 's/^/http /'
JG_TOKEN=$TOKEN .build/release/jg-bench gateway --clients 64 --seconds 10
wrk -t2 -c64 -d10s "http://127.0.0.1:$JG_HTTP_PORT/healthz" | grep -E "Latency|requests in|Requests/sec|Non-2xx" | sed 's/^ */floor, HTTP alone (\/healthz): /'
JG_TOKEN=$TOKEN .build/release/jg-bench stand-in --seconds 20 &
standin=$!
sleep 2
kill -TERM "$(cat "$JG_DATA_DIR/run/catalog.pid")"
sleep 2
wrk -t2 -c64 -d10s -s "$script" "http://127.0.0.1:$JG_HTTP_PORT/v1/call/catalog/items.get" | grep -E "Latency|requests in|Requests/sec|Non-2xx" | sed 's/^ */floor, gateway alone (stand-in catalog): /'
kill "$standin" 2>/dev/null || true
wait "$standin" 2>/dev/null || true
rm -f "$script"
