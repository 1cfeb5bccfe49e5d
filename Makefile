# dashboard — build, run and test. `make run` and `make test` install whatever they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := run
# A recipe that fails part-way leaves no half-written site file behind to pass for a finished one.
.DELETE_ON_ERROR:

WASM_BINDGEN_VERSION := 0.2.130
BINARYEN_VERSION     := 132
LIGHTNINGCSS_VERSION := 1.33.0
ESBUILD_VERSION      := 0.28.2

# Tools and (when CARGO_TARGET_DIR is unset) nothing else live outside the clone, so CI and fresh clones
# reuse them.
CACHE_DIR  ?= $(HOME)/.cache/dashboard
TOOLS_DIR  ?= $(CACHE_DIR)/tools
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN        := $(TARGET_DIR)/release/dashboard
SITE_ROOT  := $(CURDIR)/target/site
PKG_DIR    := $(SITE_ROOT)/pkg
# The browser build has a target dir of its own (as cargo-leptos keeps it), so the two feature sets never
# rebuild each other's dependencies.
FRONT_DIR  := $(TARGET_DIR)/front
WASM       := $(FRONT_DIR)/wasm32-unknown-unknown/wasm-release/dashboard.wasm
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run build site tools test fmt-check clippy test-unit test-sqlite test-postgres e2e e2e-deps bench bench-deps clean

## run: install what is missing, build the release, seed the demo account once, serve on http://127.0.0.1:3000
run: build
	$(BIN) seed-demo
	LEPTOS_SITE_ROOT=$(SITE_ROOT) $(BIN) serve

## build: the optimised browser bundle in target/site, then the release server
##
## These are the steps of `cargo leptos build --release`, run from here: compiling cargo-leptos takes half an
## hour on two cores, which a fresh CI machine would pay on every run, while its steps are five commands.
## The settings stay in Cargo.toml's [package.metadata.leptos], so `cargo leptos watch` still works for
## anyone who installs it. The bundle's name reaches Leptos through .cargo/config.toml.
build: tools
	cargo build --lib --target wasm32-unknown-unknown --profile wasm-release --no-default-features \
	  --features hydrate --target-dir $(FRONT_DIR)
	@$(MAKE) --no-print-directory site
	cargo build --release --bin dashboard --no-default-features --features ssr

# The site's files are redone only when their input changed (wasm-opt alone takes a minute or two).
site: $(PKG_DIR)/dashboard.wasm $(PKG_DIR)/dashboard.css
	cp -R public/. $(SITE_ROOT)/

$(PKG_DIR)/dashboard.wasm: $(WASM)
	@mkdir -p $(PKG_DIR)
	wasm-bindgen --target web --no-typescript --out-name dashboard --out-dir $(PKG_DIR) $<
	wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int $(PKG_DIR)/dashboard_bg.wasm -o $@
	@rm $(PKG_DIR)/dashboard_bg.wasm
	esbuild $(PKG_DIR)/dashboard.js --minify --format=esm --log-level=warning --allow-overwrite \
	  --outfile=$(PKG_DIR)/dashboard.js

$(PKG_DIR)/dashboard.css: style/main.css
	@mkdir -p $(PKG_DIR)
	lightningcss --minify --targets defaults $< -o $@

## tools: the wasm target, the wasm-bindgen CLI matching the crate, and from npm a current wasm-opt, a CSS
## minifier (the one cargo-leptos embeds) and a JS minifier
tools:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@[ -x $(TOOLS_DIR)/node_modules/.bin/wasm-opt ] && [ -x $(TOOLS_DIR)/node_modules/.bin/lightningcss ] \
	  && [ -x $(TOOLS_DIR)/node_modules/.bin/esbuild ] || (mkdir -p $(TOOLS_DIR) && cd $(TOOLS_DIR) && \
	  npm install --no-audit --no-fund binaryen@$(BINARYEN_VERSION) lightningcss-cli@$(LIGHTNINGCSS_VERSION) \
	  esbuild@$(ESBUILD_VERSION))

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
	python3 bench/bench.py --bin $(BIN) --site-root $(SITE_ROOT) --raw-wasm $(WASM)

bench-deps:
	@command -v wrk >/dev/null && command -v brotli >/dev/null || (apt-get update && apt-get install -y wrk brotli)

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
