# The two commands of the README. Both install what is missing first (see .ci/setup) and keep
# build output in CARGO_TARGET_DIR (default ~/.cache/partnerhub/target), so a second run is fast.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/partnerhub/target
# Incremental artefacts only cost disk for one-off builds.
export CARGO_INCREMENTAL ?= 0
TOOLS := $(HOME)/.cache/partnerhub/tools/node_modules/.bin
export PATH := $(TOOLS):$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test build bench

## make run: build and start Partnerhub on http://127.0.0.1:3000 with SQLite and demo data.
run:
	.ci/setup
	.ci/build
	LEPTOS_SITE_ROOT=target/site PARTNERHUB_DEV_OUTBOX=1 $(CARGO_TARGET_DIR)/server-release/partnerhub

## make test: every test (unit, server functions over HTTP, browser with and without JavaScript).
test:
	.ci/setup --test
	.ci/test

## make bench: the measurements in BENCHMARKS.md.
bench:
	.ci/setup --bench
	.ci/bench
