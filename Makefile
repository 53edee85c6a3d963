# tidings — `make run` serves the editor, `make test` runs every test.
# Each target installs what it needs and is missing (scripts/ensure.sh), idempotently.

SHELL := /bin/bash
PORT ?= 8080
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
# Node build: speed (profile release); web build: size (profile web); the build module,
# the catalog compiler alone (profile compiler). See Cargo.toml.
# The binding crate (bindings/wasm) is the module; the core crate has no wasm-bindgen.
# Cargo's output directory: CARGO_TARGET_DIR when set (a worktree with a build dir of its own).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM_NODE := $(TARGET_DIR)/$(WASM_TARGET)/release/tidings_wasm.wasm
WASM_WEB := $(TARGET_DIR)/$(WASM_TARGET)/web/tidings_wasm.wasm
WASM_BUILD := $(TARGET_DIR)/$(WASM_TARGET)/compiler/tidings_wasm.wasm
ENSURE := bash scripts/ensure.sh
# Symbol names and producer info only make the module larger.
BINDGEN_FLAGS := --remove-name-section --remove-producers-section --out-name tidings
# The `[Symbol.dispose]` wasm-bindgen declares on classes needs TypeScript's esnext lib;
# a project on es2022 would fail to type-check the package. (`free()` does the same.)
DROP_DISPOSE := sed -i '/\[Symbol\.dispose\]/d'
# Seconds per fuzz target (scripts/fuzz.sh runs the targets one after another).
FUZZ_SMOKE_SECONDS ?= 25
FUZZ_SECONDS ?= 600

.PHONY: help run build www test lint test-rust test-wasm test-wasm-node test-wasm-browser test-js test-browser test-package size bench soak soak-ci clean \
        fuzz-smoke fuzz ensure-rust ensure-node ensure-browser ensure-fuzz

help:
	@echo "make run    build and serve the editor on http://127.0.0.1:$(PORT)"
	@echo "make test   every test: fmt, clippy (native + wasm32), cargo test, wasm tests in Node and Chromium, node --test, browser tests, package tests"
	@echo "make build  the Node build (pkg/node), the build module (pkg/build) and the web build (pkg/web)"
	@echo "make size   WASM module size (raw, gzip, brotli)"
	@echo "make bench  tidings vs Handlebars.js: batch, one call, editor keystroke, cold start, peak RSS (BENCH_QUICK=1: about a minute)"
	@echo "make soak   batch integrity under faults: 1M records, 1% malformed, workers 0/1/2 (soak-ci: 100k)"
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
# pkg/node is what `require('tidings')` compiles: it renders and has no catalog compiler
# (issue 11's cold start). pkg/build has only `buildCatalog`, with the compiler and its
# ICU4X source data; `tidings build`/`check` and the package's `buildCatalog` load it.
build: ensure-rust
	$(CARGO) build -p tidings-wasm --release --target $(WASM_TARGET)
	$(CARGO) build -p tidings-wasm --profile compiler --target $(WASM_TARGET) --no-default-features --features build
	$(CARGO) build -p tidings-wasm --profile web --target $(WASM_TARGET) --no-default-features --features render
	@$(MAKE) --no-print-directory pkg/node/tidings.js pkg/build/tidings.js pkg/web/tidings.js pkg/web/demo.tidings pkg/demo.d.ts

# Each out-dir is emptied first: wasm-bindgen leaves files of an older build there (e.g.
# snippets/ folders the new glue no longer imports), and `files` in package.json ships
# everything under pkg/node/, pkg/build/ and pkg/web/. They depend on this Makefile too,
# so that a change to these recipes applies to a checkout whose module did not change.
pkg/node/tidings.js: $(WASM_NODE) Makefile
	rm -rf pkg/node
	wasm-bindgen $(BINDGEN_FLAGS) --target nodejs --out-dir pkg/node $(WASM_NODE)
	$(DROP_DISPOSE) pkg/node/tidings.d.ts

pkg/build/tidings.js: $(WASM_BUILD) Makefile
	rm -rf pkg/build
	wasm-bindgen $(BINDGEN_FLAGS) --target nodejs --out-dir pkg/build $(WASM_BUILD)
	$(DROP_DISPOSE) pkg/build/tidings.d.ts

pkg/web/tidings.js: $(WASM_WEB) Makefile
	rm -rf pkg/web
	wasm-bindgen $(BINDGEN_FLAGS) --target web --out-dir pkg/web $(WASM_WEB)
	$(DROP_DISPOSE) pkg/web/tidings.d.ts
	# ES modules: so Node, TypeScript and bundlers read pkg/web/*.js as ESM.
	echo '{ "type": "module" }' > pkg/web/package.json

# The demo catalog's files: pkg/web/demo.tidings, which web.mjs fetches (the web module
# does not embed it: it would be most of its size), and pkg/demo.d.ts, its declarations
# (the Node entry's `demo` export). Written by the build module's buildCatalog, the code
# build.rs runs, so it is the catalog the Node module embeds. One script writes both.
# (pkg/web/tidings.js is an input because its rule empties pkg/web.)
DEMO_INPUTS := pkg/web/tidings.js pkg/build/tidings.js lib/dts.mjs lib/files.mjs scripts/demo-catalog.mjs $(shell find templates -type f)
pkg/web/demo.tidings: $(DEMO_INPUTS)
	node scripts/demo-catalog.mjs
pkg/demo.d.ts: $(DEMO_INPUTS)
	node scripts/demo-catalog.mjs

# The editor's code-editor component is bundled from npm packages into www/vendor/.
www: ensure-node
	node scripts/build-www.mjs

run: build www
	PORT=$(PORT) node scripts/serve.mjs

test: lint test-rust test-wasm test-js test-browser test-package
	@echo "make test: all suites passed"

lint: ensure-rust
	$(CARGO) fmt --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --workspace --all-targets --target $(WASM_TARGET) -- -D warnings
	@# The binding crate as the build module and the web module are built (other features).
	$(CARGO) clippy -p tidings-wasm --target $(WASM_TARGET) --no-default-features --features build -- -D warnings
	$(CARGO) clippy -p tidings-wasm --target $(WASM_TARGET) --no-default-features --features render -- -D warnings

# The core's tests, and the example application a Rust user would write.
test-rust:
	$(CARGO) test
	@# The example must render and print nothing on stderr (ICU4X diagnostics included).
	@err=$$(mktemp); $(CARGO) run -q -p tidings-example-native 2>$$err || { cat $$err; exit 1; }; \
	  if [ -s $$err ]; then echo "examples/native wrote to stderr:"; cat $$err; rm -f $$err; exit 1; fi; rm -f $$err
	@if $(CARGO) tree -p tidings-example-native -e normal,build | grep -qE 'wasm-bindgen|js-sys'; then \
	  echo "a Rust user of tidings would get wasm-bindgen (cargo tree -p tidings-example-native)"; exit 1; fi

test-wasm: test-wasm-node test-wasm-browser

test-wasm-node: ensure-rust
	$(CARGO) test -p tidings-wasm --target $(WASM_TARGET) --test wasm

test-wasm-browser: ensure-rust ensure-browser
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver $(CARGO) test -p tidings-wasm --target $(WASM_TARGET) --test wasm

test-js: build ensure-node
	node --test tests/js/ tests/conformance/
	@$(MAKE) --no-print-directory soak-ci

test-browser: build www ensure-browser
	node --test tests/browser/

# The npm package as a new user installs it: pack once (the tarball goes to a temp dir),
# then fresh projects install it (Node: CJS, ESM, CLI, TypeScript nodenext; Vite: build,
# Chromium, TypeScript bundler) from the registry or npm's cache. Set TIDINGS_KEEP=1 to
# keep the temp projects.
test-package: build ensure-node ensure-browser
	@set -e; dir=$$(mktemp -d "$${TMPDIR:-/tmp}/tidings-pack-XXXXXX"); trap 'rm -rf "$$dir"' EXIT; \
	  tgz=$$(npm pack --ignore-scripts --silent --pack-destination "$$dir" | tail -n 1); \
	  echo "test-package: $$tgz"; \
	  TIDINGS_TARBALL="$$dir/$$tgz" node --test tests/package/

size: build
	@node scripts/size.mjs

bench: build ensure-node
	node bench/run.mjs

# Batch integrity under faults: every record one outcome, in order, identical for any
# --workers, with 1% malformed records and a 50 MB line (scripts/soak.mjs).
soak: build ensure-node
	node scripts/soak.mjs --records 1000000

soak-ci: build ensure-node
	node scripts/soak.mjs --records 100000

# Not part of `make test`: fuzzing takes minutes and a nightly toolchain.
fuzz-smoke: ensure-fuzz
	bash scripts/fuzz.sh $(FUZZ_SMOKE_SECONDS)

fuzz: ensure-fuzz
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf pkg test-output
	$(CARGO) clean
