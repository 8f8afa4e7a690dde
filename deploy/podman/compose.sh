#!/usr/bin/env bash
# Runs docker-compose.yml, unchanged, under podman (podman-compose): `make compose-up` / `make compose-down`.
#
#   compose.sh up        start the seven containers (images from `make images`), wait for /healthz through the
#                        published port, then run every container's health check once
#   compose.sh down      stop and remove the containers and the project network; the volumes (the SQLite
#                        files) stay unless VOLUMES=1
#   compose.sh ps|logs   what podman-compose prints
#   compose.sh health    run every container's health check now
#
# JG_SUITE_TOKEN comes from .env (created with a random token if missing). Host ports: JG_PUBLISH_HTTP_PORT,
# JG_PUBLISH_BROKER_PORT, JG_PUBLISH_XSUB_PORT, JG_PUBLISH_XPUB_PORT (default 8080, 5555, 5556, 5557, on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/podman/env.sh

PROJECT=${JG_COMPOSE_PROJECT:-jianguan}
SERVICES=(gateway catalog planning inspection credit referral warning)
HTTP_PORT=${JG_PUBLISH_HTTP_PORT:-8080}
UP_TIMEOUT=${JG_UP_TIMEOUT:-120}

compose() { podman-compose -p "$PROJECT" -f docker-compose.yml "$@"; }
container() { echo "${PROJECT}_$1_1"; }   # podman-compose's container names

need() {
    command -v podman >/dev/null || { echo "compose.sh: podman is missing (apt-get install podman)" >&2; exit 1; }
    command -v podman-compose >/dev/null || { echo "compose.sh: podman-compose is missing (apt-get install podman-compose)" >&2; exit 1; }
}

ensure_env() {
    if ! grep -q '^JG_SUITE_TOKEN=.\{32,\}' .env 2>/dev/null; then
        echo "compose: writing a random JG_SUITE_TOKEN to .env"
        umask 077
        echo "JG_SUITE_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >>.env
    fi
}

health() {
    local failed=0 name
    for service in "${SERVICES[@]}"; do
        name=$(container "$service")
        if podman healthcheck run "$name" >/dev/null 2>&1; then
            echo "  $service: healthy"
        else
            echo "  $service: UNHEALTHY ($(podman inspect --format '{{.State.Status}}' "$name" 2>/dev/null || echo missing))"
            failed=1
        fi
    done
    return $failed
}

up() {
    need
    ensure_env
    for service in "${SERVICES[@]}"; do
        podman image exists "jianguan-$service:latest" || { echo "compose: image jianguan-$service:latest is missing: run 'make images' first" >&2; exit 1; }
    done
    local started=$SECONDS started_ns
    started_ns=$(date +%s%N)
    # --no-build: the images come from `make images`; podman-compose would otherwise build deploy/Dockerfile.
    compose up -d --no-build >.podman-cache/compose-up.log 2>&1 || {
        echo "compose: podman-compose up failed:" >&2
        tail -n 30 .podman-cache/compose-up.log >&2
        exit 1
    }
    printf "compose: seven containers started; waiting for http://127.0.0.1:%s/healthz " "$HTTP_PORT"
    until curl -fsS "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1; do
        if [ $((SECONDS - started)) -ge "$UP_TIMEOUT" ]; then
            echo
            echo "compose: /healthz not green after $UP_TIMEOUT s:" >&2
            curl -sS "http://127.0.0.1:$HTTP_PORT/healthz" >&2 || true
            compose ps >&2 || true
            for service in "${SERVICES[@]}"; do
                echo "--- $service (last lines)" >&2
                podman logs --tail 15 "$(container "$service")" >&2 2>&1 || true
            done
            exit 1
        fi
        printf "."
        sleep 0.25
    done
    local ms=$((($(date +%s%N) - started_ns) / 1000000))
    echo " green $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s after 'compose up'"
    echo "$ms" >.podman-cache/compose-up.ms
    # podman runs health checks from systemd timers; where there is no systemd (these machines) it never
    # schedules them, so run each container's check once here.
    echo "compose: container health checks:"
    health
    cat <<MSG

Jianguan is running in containers (project $PROJECT).
  health:  curl http://127.0.0.1:$HTTP_PORT/healthz
  token:   export TOKEN=\$(podman exec $(container gateway) cat /data/admin.token)
  jg:      jg health --gateway tcp://127.0.0.1:${JG_PUBLISH_BROKER_PORT:-5555} --token \$TOKEN
  ps:      deploy/podman/compose.sh ps
  stop:    make compose-down            (VOLUMES=1 also removes the data volumes)
MSG
}

down() {
    need
    # -t 10: SIGTERM, then ten seconds for a graceful stop before SIGKILL (podman-compose's default is 1 s).
    if [ "${VOLUMES:-0}" = 1 ]; then compose down -t 10 -v >/dev/null 2>&1; else compose down -t 10 >/dev/null 2>&1; fi || true
    # podman-compose 1.0.3 leaves the project network behind.
    if podman network exists "${PROJECT}_default" 2>/dev/null; then podman network rm "${PROJECT}_default" >/dev/null; fi
    local left
    left=$(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}')
    [ -z "$left" ] || { echo "compose: containers left behind: $left" >&2; exit 1; }
    if [ "${VOLUMES:-0}" = 1 ]; then
        echo "compose: containers, network and volumes of $PROJECT removed"
    else
        echo "compose: containers and network of $PROJECT removed; volumes kept ($(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | wc -l)); VOLUMES=1 removes them"
    fi
}

case "${1:-}" in
up) up ;;
down) down ;;
health) health ;;
ps) need; compose ps ;;
logs) need; shift; compose logs "$@" ;;
*) echo "usage: $0 up|down|health|ps|logs [service]" >&2; exit 2 ;;
esac
