#!/usr/bin/env bash
# Installs what a make target needs and is missing; does nothing when it is there.
#   ensure.sh rust     wasm32 target + wasm-bindgen-cli at the version in Cargo.lock
#   ensure.sh node     npm packages (npm ci when package-lock.json is newer)
#   ensure.sh browser  Debian's chromium, chromium-driver and CJK fonts
#   ensure.sh fuzz     a nightly toolchain and cargo-fuzz (make fuzz, make fuzz-smoke)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "ensure: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1; fi
}

rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if [ -z "$want" ]; then say "no wasm-bindgen in Cargo.lock"; exit 1; fi
  local have=""
  command -v wasm-bindgen >/dev/null && have=$(wasm-bindgen --version | awk '{print $2}')
  if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $want (was: ${have:-none}; takes about 5 minutes)"
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
}

node() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

browser() {
  # CJK fonts so that screenshots of Chinese previews are readable.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/opentype/noto ]; then
    say "installing Debian's chromium, chromium-driver and fonts-noto-cjk"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
  fi
}

fuzz() {
  # libFuzzer's instrumentation needs a nightly rustc; cargo-fuzz builds from source.
  if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    say "cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly"
    exit 1
  fi
  if ! command -v cargo-fuzz >/dev/null; then
    say "installing cargo-fuzz (builds from source; takes about 2 minutes)"
    cargo install cargo-fuzz
  fi
}

for what in "$@"; do "$what"; done
