#!/usr/bin/env bash
# The compose deployment, for real (issue #11); `.ci/run` calls it after `make test`, `make compose-test` by hand.
#
#  1. installs what it needs from Debian (podman, debootstrap, podman-compose, docker-compose) if missing — this
#     step only — and checks docker-compose.yml against docker-compose's schema (valid for Docker users too);
#  2. builds the local base image and checks podman can run a container here — where it cannot, the test is
#     SKIPPED with the reason (exit 0); every later failure fails the test;
#  3. `make images`: release build, seven images; reports their sizes;
#  4. writes a fresh JG_SUITE_TOKEN to .env (a developer's .env is put back afterwards), brings the suite up from
#     docker-compose.yml with podman-compose, times `compose up` → /healthz green through the published port, and
#     runs every container's health check;
#  5. the whole-suite scenario against the published ports: `jg demo` when this jg has it, else the smoke
#     scenario below (every service healthy, data written and read back through the gateway over HTTP and MDP,
#     events crossing containers);
#  6. restarts the catalog and the gateway containers and checks nothing was lost (the named volumes keep the
#     SQLite files; the admin token still works, the department written in 5 is still there); kills the referral
#     process and checks the restart policy brings its container back; then removes all containers and creates
#     them anew on the same volumes (compose down without -v, up) and reads the data back once more;
#  7. brings it down and checks no container, network or volume of the project is left (JG_KEEP=1 keeps the
#     suite running instead, for a look afterwards: `JG_COMPOSE_PROJECT=jianguan-ci make compose-down VOLUMES=1`).
#
# Its own compose project (jianguan-ci) so it never touches a suite started with `make compose-up`; the default host
# ports are used when free, other free ports otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/podman/env.sh

export JG_COMPOSE_PROJECT=${JG_COMPOSE_PROJECT:-jianguan-ci}
PROJECT=$JG_COMPOSE_PROJECT
SERVICES=(gateway catalog planning inspection credit referral warning)
started=$SECONDS
step() { echo "compose-test [$((SECONDS - started))s]: $*"; }
fail() { echo "compose-test: FAILED: $*" >&2; exit 1; }
skip() { echo "compose-test: SKIPPED: $* — the compose deployment was not tested on this machine."; exit 0; }

# --- 1. packages ---
missing=()
for package in podman debootstrap podman-compose docker-compose; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]} from Debian"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
        skip "could not install ${missing[*]} (apt-get failed)"
fi
# The file must stay valid for Docker Compose users too: docker-compose (1.29) checks it against its schema.
JG_SUITE_TOKEN=validation-only docker-compose -f docker-compose.yml config -q || fail "docker-compose 1.29 rejects docker-compose.yml"
step "docker-compose.yml is valid for docker-compose $(docker-compose version --short 2>/dev/null)"
[ "$(id -u)" = 0 ] || skip "podman runs rootful here and needs root (this user is $(id -un))"

# --- 2. base image and a first container ---
mkdir -p .podman-cache
step "base image"
deploy/podman/base.sh || fail "the base image could not be built"
if ! probe=$(podman run --rm --network none jianguan-base:bookworm /usr/bin/cat /etc/passwd 2>&1); then
    skip "podman cannot run a container on this machine: $(echo "$probe" | tail -n 1)"
fi

# Everything from here on is cleaned up on exit, however the script ends.
ENV_BACKUP=.podman-cache/env.backup
had_env=0
cleanup() {
    local status=$?
    set +e
    if [ "${JG_KEEP:-0}" = 1 ]; then
        echo "compose-test: JG_KEEP=1, the suite stays up (project $PROJECT, http://127.0.0.1:$JG_PUBLISH_HTTP_PORT)"
    elif [ "${brought_up:-0}" = 1 ]; then
        [ $status = 0 ] || { echo "--- podman ps" >&2; podman ps -a --filter "label=io.podman.compose.project=$PROJECT" >&2; }
        VOLUMES=1 deploy/podman/compose.sh down >/dev/null 2>&1
        left=$( (podman ps -aq --filter "label=io.podman.compose.project=$PROJECT"; podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT"; podman network ls -q --filter "name=^${PROJECT}_") | wc -l)
        [ "$left" = 0 ] || echo "compose-test: $left containers, volumes or networks of $PROJECT were left behind" >&2
    fi
    if [ $had_env = 1 ]; then mv -f "$ENV_BACKUP" .env; elif [ "${wrote_env:-0}" = 1 ]; then rm -f .env; fi
    exit $status
}
trap cleanup EXIT

# --- 3. images ---
step "make images"
images_started=$SECONDS
make --no-print-directory images || fail "make images"
images_seconds=$((SECONDS - images_started))
for service in "${SERVICES[@]}"; do
    size=$(podman image inspect --format '{{.Size}}' "jianguan-$service:latest")
    mb=$((size / 1000000))
    echo "  jianguan-$service:latest $mb MB"
    [ "$mb" -le 150 ] || echo "compose-test: warning: jianguan-$service is $mb MB, over the 150 MB target" >&2
done

# --- 4. up ---
free_port() { # default -> the default when nothing listens there, else a free port from the kernel
    if ss -ltnH "sport = :$1" | grep -q .; then python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; else echo "$1"; fi
}
export JG_PUBLISH_HTTP_PORT=${JG_PUBLISH_HTTP_PORT:-$(free_port 8080)}
export JG_PUBLISH_BROKER_PORT=${JG_PUBLISH_BROKER_PORT:-$(free_port 5555)}
export JG_PUBLISH_XSUB_PORT=${JG_PUBLISH_XSUB_PORT:-$(free_port 5556)}
export JG_PUBLISH_XPUB_PORT=${JG_PUBLISH_XPUB_PORT:-$(free_port 5557)}
HTTP=http://127.0.0.1:$JG_PUBLISH_HTTP_PORT
BROKER=tcp://127.0.0.1:$JG_PUBLISH_BROKER_PORT

[ -f .env ] && { cp .env "$ENV_BACKUP"; had_env=1; }
umask 077
echo "JG_SUITE_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >.env
umask 022
wrote_env=1
# A leftover of an interrupted run would keep its old data: start from nothing.
VOLUMES=1 deploy/podman/compose.sh down >/dev/null 2>&1 || true
step "compose up (project $PROJECT, HTTP $HTTP, broker $BROKER)"
brought_up=1
deploy/podman/compose.sh up | grep -v '^  \(health\|token\|jg\|ps\|stop\):\|^Jianguan is running\|^$' || fail "compose up"
up_ms=$(cat .podman-cache/compose-up.ms)

JG=$("${SWIFT:-swift}" build -c release --scratch-path "${JG_RELEASE_SCRATCH:-.build-release}" --show-bin-path)/jg
TOKEN=$(podman exec "${PROJECT}_gateway_1" cat /data/admin.token) || fail "no admin token in the gateway's volume"
jg() { "$JG" "$@" --gateway "$BROKER" --token "$TOKEN" --timeout 10000; }
call() { # service method json -> the reply body of POST /v1/call (fails on a non-2xx status)
    curl -fsS -H "Authorization: Bearer $TOKEN" -X POST "$HTTP/v1/call/$1/$2" -d "$3"
}
wait_green() {
    for _ in $(seq 1 240); do curl -fsS "$HTTP/healthz" >/dev/null 2>&1 && return 0; sleep 0.25; done
    curl -sS "$HTTP/healthz" >&2 || true
    fail "/healthz not green 60 s after $1"
}

# --- 5. the scenario ---
if "$JG" --help 2>/dev/null | grep -qE '^\s+demo\b'; then
    # The whole-suite scenario (jg demo). Its HTTP option is named in its own help; the first of these it knows is used.
    http_option=$("$JG" demo --help 2>/dev/null | grep -oE -- '--(http-base|http|base-url|base)\b' | head -n 1 || true)
    step "scenario: jg demo (against $BROKER${http_option:+ and $HTTP})"
    # >>> the jg demo call (issue #11): keep the flags in step with `jg demo --help`.
    "$JG" demo --gateway "$BROKER" ${http_option:+"$http_option" "$HTTP"} --token "$TOKEN" || fail "jg demo"
    scenario=jg-demo
else
    step "scenario: jg has no 'demo' subcommand yet; running the smoke scenario"
    scenario=smoke
    # every service up, through HTTP and through the broker
    curl -fsS "$HTTP/healthz" | grep -q '"status":"ok"' || fail "/healthz is not ok"
    jg health >/dev/null || fail "jg health"
    for service in "${SERVICES[@]}"; do
        [ "$service" = gateway ] && continue
        jg "$service" health.check >/dev/null || fail "$service health.check over the published broker"
    done
    # write through MDP, read back through HTTP
    code=ci-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
    jg catalog depts.create code="$code" name="容器 smoke test" level=district kind=regulator >/dev/null || fail "catalog depts.create"
    call catalog depts.get "{\"code\":\"$code\"}" | grep -q "容器 smoke test" || fail "catalog depts.get does not return what was written"
    # events crossed containers: the demo entities catalog loaded reached credit (its public profile)
    for _ in $(seq 1 40); do curl -fsS "$HTTP/public/credit/91411603MA0000133E" >/dev/null 2>&1 && break; sleep 0.25; done
    curl -fsS "$HTTP/public/credit/91411603MA0000133E" >/dev/null || fail "credit never learnt catalog's demo entity (events between containers)"
    # a mutating call through HTTP too
    call gateway tokens.issue '{"role":"auditor","label":"compose-test"}' | grep -q '"token"' || fail "gateway tokens.issue over HTTP"
    echo "  healthz ok, 6 × health.check over MDP, department $code written over MDP and read over HTTP, credit saw catalog's events, a token issued over HTTP"
fi

# --- 6. restart, nothing lost ---
field() { grep -oE "\"$1\":(\"[^\"]*\"|[0-9]+)" | head -n 1 | cut -d: -f2- | tr -d '"'; }
health_before=$(jg catalog health.check --json)
outbox_before=$(field outboxSeq <<<"$health_before")
for service in catalog gateway; do
    step "restarting the $service container"
    # (podman without systemd complains it cannot re-arm the health-check timers: harmless, kept out of the output)
    podman restart -t 10 "${PROJECT}_${service}_1" >.podman-cache/restart.log 2>&1 || { cat .podman-cache/restart.log >&2; fail "podman restart ${PROJECT}_${service}_1"; }
    wait_green "restarting $service"
done
# /healthz can be green on the old workers' last heartbeats: wait until the new catalog process answers.
for _ in $(seq 1 60); do
    health_after=$(jg catalog health.check --json 2>/dev/null || true)
    [ -n "$health_after" ] && [ "$(field startedAt <<<"$health_after")" != "$(field startedAt <<<"$health_before")" ] && break
    sleep 0.5
done
[ "$(field startedAt <<<"$health_after")" != "$(field startedAt <<<"$health_before")" ] || fail "the catalog process did not restart (startedAt unchanged)"
# a crash (the process killed from outside): restart: unless-stopped brings the container back by itself
step "killing the referral process (a crash); the restart policy must bring it back"
kill -KILL "$(podman inspect --format '{{.State.Pid}}' "${PROJECT}_referral_1")" || fail "could not kill the referral process"
for _ in $(seq 1 60); do
    [ "$(podman inspect --format '{{.RestartCount}} {{.State.Status}}' "${PROJECT}_referral_1")" = "1 running" ] && break
    sleep 0.5
done
[ "$(podman inspect --format '{{.RestartCount}} {{.State.Status}}' "${PROJECT}_referral_1")" = "1 running" ] ||
    fail "the referral container was not restarted after its process died ($(podman inspect --format '{{.RestartCount}} {{.State.Status}}' "${PROJECT}_referral_1"))"
for _ in $(seq 1 60); do jg referral health.check >/dev/null 2>&1 && break; sleep 0.5; done
jg referral health.check >/dev/null || fail "referral does not answer after its restart"
podman exec "${PROJECT}_catalog_1" cat /data/catalog.sqlite >/dev/null || fail "catalog.sqlite is not in the catalog volume"
jg health >/dev/null || fail "the admin token no longer works after the gateway restart (its volume lost the token table?)"
outbox_after=$(field outboxSeq <<<"$health_after")
[ "${outbox_after:-0}" -ge "${outbox_before:-1}" ] || fail "catalog's outbox went back from $outbox_before to $outbox_after after the restart"
if [ "$scenario" = smoke ]; then
    call catalog depts.get "{\"code\":\"$code\"}" | grep -q "容器 smoke test" || fail "department $code lost across the catalog restart"
else
    "$JG" demo --gateway "$BROKER" ${http_option:+"$http_option" "$HTTP"} --token "$TOKEN" >/dev/null || fail "jg demo, re-run after the restarts"
fi
# the containers removed and created anew (compose down without -v, then up): only the volumes carry the data
step "compose down (volumes kept) and up again: new containers on the old volumes"
deploy/podman/compose.sh down >/dev/null || fail "compose down (keeping the volumes)"
deploy/podman/compose.sh up >/dev/null || fail "compose up on the kept volumes"
[ "$(podman exec "${PROJECT}_gateway_1" cat /data/admin.token)" = "$TOKEN" ] || fail "the gateway wrote a new admin token: its volume was not kept"
jg health >/dev/null || fail "the admin token no longer works in the new containers"
if [ "$scenario" = smoke ]; then
    call catalog depts.get "{\"code\":\"$code\"}" | grep -q "容器 smoke test" || fail "department $code lost with the old containers"
fi
echo "  after restarting catalog and gateway, a referral crash and new containers: token valid, catalog outbox at $outbox_after (was $outbox_before), data still there"

# --- 7. down, nothing left ---
if [ "${JG_KEEP:-0}" != 1 ]; then
    step "compose down (containers, network, volumes)"
    VOLUMES=1 deploy/podman/compose.sh down >/dev/null || fail "compose down"
    brought_up=0
    left=$( (podman ps -aq --filter "label=io.podman.compose.project=$PROJECT"; podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT"; podman network ls -q --filter "name=^${PROJECT}_") | wc -l)
    [ "$left" = 0 ] || fail "$left containers, volumes or networks of $PROJECT left after compose down"
fi
step "PASSED: images in ${images_seconds} s, /healthz green $((up_ms / 1000)).$(printf '%03d' $((up_ms % 1000))) s after compose up, scenario '$scenario', restarts lost nothing"
