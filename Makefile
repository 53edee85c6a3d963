# tidings — `make run` serves the editor, `make test` runs every test.
# Each target installs what it needs and is missing (scripts/ensure.sh), idempotently.

SHELL := /bin/bash
PORT ?= 8080
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
# Node build: speed (profile release); web build: size (profile web). See Cargo.toml.
WASM_NODE := target/$(WASM_TARGET)/release/tidings.wasm
WASM_WEB := target/$(WASM_TARGET)/web/tidings.wasm
ENSURE := bash scripts/ensure.sh
# Symbol names and producer info only make the module larger.
BINDGEN_FLAGS := --remove-name-section --remove-producers-section
# Seconds per fuzz target (scripts/fuzz.sh runs the targets one after another).
FUZZ_SMOKE_SECONDS ?= 25
FUZZ_SECONDS ?= 600

.PHONY: help run build www test lint test-rust test-wasm test-wasm-node test-wasm-browser test-js test-browser size bench clean \
        fuzz-smoke fuzz ensure-rust ensure-node ensure-browser ensure-fuzz

help:
	@echo "make run    build and serve the editor on http://127.0.0.1:$(PORT)"
	@echo "make test   every test: fmt, clippy (native + wasm32), cargo test, wasm tests in Node and Chromium, node --test, browser tests"
	@echo "make build  the Node build (pkg/node) and the web build (pkg/web)"
	@echo "make size   WASM module size (raw, gzip, brotli)"
	@echo "make bench  throughput against Handlebars.js, module size, cold start, peak RSS"
	@echo "make fuzz-smoke  each fuzz target (fuzz/) for $(FUZZ_SMOKE_SECONDS) s; fails on any crash, overflow or slow input"
	@echo "make fuzz        each fuzz target for $(FUZZ_SECONDS) s (10 minutes), one at a time"

ensure-rust:
	@$(ENSURE) rust
ensure-node:
	@$(ENSURE) node
ensure-browser:
	@$(ENSURE) browser
ensure-fuzz:
	@$(ENSURE) fuzz

# Cargo decides what is stale; wasm-bindgen reruns only when the module changed.
build: ensure-rust
	$(CARGO) build --release --target $(WASM_TARGET)
	$(CARGO) build --profile web --target $(WASM_TARGET)
	@$(MAKE) --no-print-directory pkg/node/tidings.js pkg/web/tidings.js

pkg/node/tidings.js: $(WASM_NODE)
	wasm-bindgen $(BINDGEN_FLAGS) --target nodejs --out-dir pkg/node $(WASM_NODE)

pkg/web/tidings.js: $(WASM_WEB)
	wasm-bindgen $(BINDGEN_FLAGS) --target web --out-dir pkg/web $(WASM_WEB)

# The editor's code-editor component is bundled from npm packages into www/vendor/.
www: ensure-node
	node scripts/build-www.mjs

run: build www
	PORT=$(PORT) node scripts/serve.mjs

test: lint test-rust test-wasm test-js test-browser
	@echo "make test: all suites passed"

lint: ensure-rust
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --all-targets --target $(WASM_TARGET) -- -D warnings

test-rust:
	$(CARGO) test

test-wasm: test-wasm-node test-wasm-browser

test-wasm-node: ensure-rust
	$(CARGO) test --target $(WASM_TARGET) --test wasm

test-wasm-browser: ensure-rust ensure-browser
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver $(CARGO) test --target $(WASM_TARGET) --test wasm

test-js: build ensure-node
	node --test tests/js/

test-browser: build www ensure-browser
	node --test tests/browser/

size: build
	@node scripts/size.mjs

bench: build ensure-node
	node bench/run.mjs

# Not part of `make test`: fuzzing takes minutes and a nightly toolchain.
fuzz-smoke: ensure-fuzz
	bash scripts/fuzz.sh $(FUZZ_SMOKE_SECONDS)

fuzz: ensure-fuzz
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf pkg test-output
	$(CARGO) clean
