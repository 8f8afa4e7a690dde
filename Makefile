# Jianguan — the two commands are `make run` and `make test`.
SHELL := /bin/bash
CONFIG ?= debug
SWIFT ?= swift
BENCH := $(SWIFT) run -c release jg-bench

.PHONY: images compose-up compose-down compose-test build run stop status restore demo test test-fuzz test-python-deps keys bench-bus bench-gateway bench-catalog bench-credit bench-planning bench-inspection bench-referral bench-warning bench-suite clean help

help:
	@echo "make run      build and start the whole suite in the background (./data), wait for /healthz"
	@echo "make stop     stop exactly the processes 'make run' started"
	@echo "make demo     issue #10's whole-suite scenario against the running suite (starts it if needed), narrated"
	@echo "make test     run every test"
	@echo "make test-fuzz  the bad-input campaign: 100,000 malformed requests against a live suite (a few minutes)"
	@echo "make bench-bus  MDP broker round trips vs a bare libzmq echo (release build)"
	@echo "make bench-gateway / bench-catalog / bench-credit / bench-planning / bench-inspection / bench-referral / bench-warning"
	@echo "               each issue's benchmark (release build; the gateway ones start the release suite)"
	@echo "make images   release build + one podman image per service from a local Debian base (deploy/podman)"
	@echo "make compose-up / compose-down   docker-compose.yml under podman (VOLUMES=1 also removes the data)"
	@echo "make compose-test   images, compose up, scenario, restart, down (what .ci/run runs after make test)"
	@echo "make bench-suite  mixed load through the gateway against the release suite: per-method req/s, p50/p99, RSS, DB sizes"

build:
	$(SWIFT) build -c $(CONFIG)

run: build
	@CONFIG=$(CONFIG) deploy/local/suite.sh start

stop:
	@deploy/local/suite.sh stop

status:
	@deploy/local/suite.sh status

# The whole-suite scenario (plans → draws → joint tasks → results → credit → warnings → 12345 clue → public pages).
# `suite.sh start` leaves a running suite alone; the scenario makes fresh entities, so it can run again and again.
demo: build
	@CONFIG=$(CONFIG) deploy/local/suite.sh start
	.build/$(CONFIG)/jg demo

# Restore a backup taken with `jg admin backup DIR` (stop the suite first).
restore:
	@deploy/local/suite.sh restore "$(DIR)"

# The interoperability tests talk to our broker from Python (pyzmq), written from the MDP spec.
test-python-deps:
	@python3 -c 'import zmq' 2>/dev/null || python3 -m pip install --quiet pyzmq 2>&1 | tail -n 2 || echo "pyzmq could not be installed: the Python interoperability tests will report themselves skipped"

test: test-python-deps
	$(SWIFT) build
	$(SWIFT) test

# Issue #10's bad-input campaign, on its own: it keeps both cores busy, so it does not run beside `make test`.
# JG_FUZZ_SEED=<printed seed> repeats a run, JG_FUZZ_COUNT=<n> changes its size.
test-fuzz:
	$(SWIFT) build --build-tests
	JG_FUZZ_CAMPAIGN=1 $(SWIFT) test --skip-build --filter FuzzCampaignTests

# CURVE keys for every bus peer; start the suite with JG_CURVE_KEYS=data/keys to use them.
keys: build
	.build/$(CONFIG)/jg keys --dir data/keys

bench-bus:
	$(BENCH) bus

bench-gateway:
	$(SWIFT) build -c release
	deploy/local/bench-gateway.sh

bench-catalog:
	$(SWIFT) build -c release
	$(BENCH) catalog
	$(BENCH) catalog --batch
	$(BENCH) catalog --through-gateway
	@# The ceiling in the same run: SQLite alone writing the same rows into the same tables (Tests/Benchmarks).
	$(BENCH) catalog --write-csv /tmp/jg-bench-entities.csv
	python3 Tests/Benchmarks/sqlite-ceiling.py /tmp/jg-bench-entities.csv
	rm -f /tmp/jg-bench-entities.csv

bench-credit:
	$(BENCH) credit

bench-planning:
	$(BENCH) planning

bench-inspection:
	$(SWIFT) build -c release
	$(BENCH) inspection
	$(BENCH) inspection --through-gateway

bench-referral:
	$(SWIFT) build -c release
	$(BENCH) referral
	$(BENCH) referral --through-gateway --clues 100000
	$(BENCH) referral --through-gateway --clues 100000 --services catalog,referral

bench-warning:
	$(BENCH) warning

# The compose deployment under podman, no registry (deploy/podman/, README "Deployment").
images:
	@SWIFT=$(SWIFT) deploy/podman/images.sh

compose-up:
	@deploy/podman/compose.sh up

compose-down:
	@VOLUMES=$(VOLUMES) deploy/podman/compose.sh down

compose-test:
	@SWIFT=$(SWIFT) deploy/podman/compose-test.sh
# Issue #10's load run: the release suite as child processes, jg-bench driving a fixed mix through the gateway's HTTP
# front in steps of 4, 8, 16, 32, 64, 128 clients (15 s each), stopping at the first error or when throughput stops
# growing; pass options with ARGS="--seconds 30".
bench-suite:
	$(SWIFT) build -c release
	$(BENCH) suite $(ARGS)

clean:
	rm -rf .build .build-release
