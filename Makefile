# dashboard — build, run and test. `make run` and `make test` install whatever they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := run

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := 0.2.130
BINARYEN_VERSION     := 132

# Tools and (when CARGO_TARGET_DIR is unset) nothing else live outside the clone, so CI and fresh clones
# reuse them.
CACHE_DIR  ?= $(HOME)/.cache/dashboard
TOOLS_DIR  ?= $(CACHE_DIR)/tools
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN        := $(TARGET_DIR)/release/dashboard
SITE_ROOT  := $(CURDIR)/target/site
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run build tools test fmt-check clippy test-unit test-sqlite test-postgres e2e e2e-deps bench bench-deps clean

## run: install what is missing, build the release, seed the demo account once, serve on http://127.0.0.1:3000
run: build
	$(BIN) seed-demo
	LEPTOS_SITE_ROOT=$(SITE_ROOT) $(BIN) serve

## build: the release server and the optimised wasm bundle
build: tools
	cargo leptos build --release

## tools: the wasm target, cargo-leptos, the wasm-bindgen CLI matching the crate, and a current wasm-opt
tools:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || cargo install cargo-leptos@$(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@[ -x $(TOOLS_DIR)/node_modules/.bin/wasm-opt ] || (mkdir -p $(TOOLS_DIR) && cd $(TOOLS_DIR) && npm install --no-audit --no-fund binaryen@$(BINARYEN_VERSION))

## test: formatting, lints, unit and integration tests (SQLite, then PostgreSQL when TEST_DATABASE_URL is set), browser tests
test: fmt-check clippy test-sqlite test-postgres e2e

fmt-check:
	cargo fmt --all -- --check

clippy: tools
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

test-sqlite:
	env -u TEST_DATABASE_URL cargo test --features ssr

# Each test makes its own `dashboard_test_*` database; the ones of earlier runs are dropped first.
test-postgres:
	@if [ -z "$$TEST_DATABASE_URL" ]; then echo "TEST_DATABASE_URL not set: skipping the PostgreSQL pass"; exit 0; fi; \
	for db in $$(psql "$$TEST_DATABASE_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'dashboard_test_%'"); do \
	  psql "$$TEST_DATABASE_URL" -qc "DROP DATABASE \"$$db\"" ; done; \
	cargo test --features ssr --test api

e2e: build e2e-deps
	cd end2end && DASHBOARD_BIN=$(abspath $(BIN)) LEPTOS_SITE_ROOT=$(SITE_ROOT) npx playwright test

e2e-deps:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	@[ -d end2end/node_modules/@playwright/test ] || (cd end2end && npm ci --no-audit --no-fund)

## bench: the figures of issue #10 against their budgets, on this machine (not part of `make test`); a table on
## stdout and JSON under target/bench/
bench: build bench-deps
	python3 bench/bench.py --bin $(BIN) --site-root $(SITE_ROOT) \
	  --raw-wasm $(TARGET_DIR)/front/wasm32-unknown-unknown/wasm-release/dashboard.wasm

bench-deps:
	@command -v wrk >/dev/null && command -v brotli >/dev/null || (apt-get update && apt-get install -y wrk brotli)

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
