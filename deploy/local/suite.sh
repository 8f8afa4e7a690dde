#!/usr/bin/env bash
# Starts or stops the whole suite on this machine: the gateway and the six services as background processes,
# SQLite files and logs under $JG_DATA_DIR (default ./data). `make run` / `make stop` call this.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONFIG=${CONFIG:-debug}
BIN=${JG_BIN_DIR:-.build/$CONFIG}
DATA=${JG_DATA_DIR:-./data}
PORT=${JG_HTTP_PORT:-8080}
SERVICES=(catalog planning inspection credit referral warning)
RUN="$DATA/run"
LOGS="$DATA/logs"

alive() { # pid name -> true when pid is alive and is that program (not a recycled pid)
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q "/$2\b"
}

start_one() {
    local name=$1
    local pidfile="$RUN/$name.pid"
    if [ -f "$pidfile" ] && alive "$(cat "$pidfile")" "$name"; then
        echo "  $name already running (pid $(cat "$pidfile"))"
        return
    fi
    JG_DATA_DIR="$DATA" JG_DEMO_DATA="${JG_DEMO_DATA:-deploy/demo-data}" nohup "$BIN/$name" >>"$LOGS/$name.log" 2>&1 &
    echo $! >"$pidfile"
    echo "  $name started (pid $!, log $LOGS/$name.log)"
}

start() {
    for exe in gateway "${SERVICES[@]}"; do
        [ -x "$BIN/$exe" ] || { echo "missing $BIN/$exe: run 'swift build' (or 'make build') first" >&2; exit 1; }
    done
    mkdir -p "$RUN" "$LOGS"
    echo "Starting Jianguan (data in $DATA):"
    start_one gateway
    sleep 0.5
    for service in "${SERVICES[@]}"; do start_one "$service"; done
    printf "Waiting for http://127.0.0.1:%s/healthz " "$PORT"
    for _ in $(seq 1 120); do
        if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
            echo "- all services up."
            cat <<MSG

Jianguan is running.
  health:  curl http://127.0.0.1:$PORT/healthz
  call:    curl -X POST http://127.0.0.1:$PORT/v1/cmd -d 'catalog health.check'
  jg:      $BIN/jg health
  logs:    $LOGS/
  stop:    make stop
MSG
            return
        fi
        printf "."
        sleep 0.5
    done
    echo
    echo "The suite did not become healthy within 60 s; see $LOGS/ and:" >&2
    curl -sS "http://127.0.0.1:$PORT/healthz" >&2 || true
    exit 1
}

stop() {
    [ -d "$RUN" ] || { echo "nothing to stop ($RUN does not exist)"; return; }
    local stopped=0
    for exe in "${SERVICES[@]}" gateway; do
        local pidfile="$RUN/$exe.pid"
        [ -f "$pidfile" ] || continue
        local pid
        pid=$(cat "$pidfile")
        if alive "$pid" "$exe"; then
            kill -TERM "$pid"
            for _ in $(seq 1 50); do alive "$pid" "$exe" || break; sleep 0.2; done
            if alive "$pid" "$exe"; then kill -KILL "$pid"; echo "  $exe (pid $pid) killed after 10 s"; else echo "  $exe (pid $pid) stopped"; fi
            stopped=$((stopped + 1))
        fi
        rm -f "$pidfile"
    done
    [ "$stopped" -gt 0 ] || echo "nothing was running"
}

status() {
    for exe in gateway "${SERVICES[@]}"; do
        local pidfile="$RUN/$exe.pid"
        if [ -f "$pidfile" ] && alive "$(cat "$pidfile")" "$exe"; then echo "$exe: running (pid $(cat "$pidfile"))"; else echo "$exe: stopped"; fi
    done
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
