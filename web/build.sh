#!/usr/bin/env bash
# Build the loftrange web page: web/www/ becomes a folder that any static host can serve
# (index.html, app.js, worker.js, style.css, the generated pkg/ with the wasm module and its
# glue, and vendor/ with the map's libraries and borders from npm).
#
# From a bare Debian 12 machine of this project's kind: installs what it needs by package
# name (apt: rustc-web cargo-web rust-web-src lld-22; crates.io: wasm-bindgen-cli at the
# version of the wasm-bindgen crate in Cargo.lock), checks the versions, caches the CLI in
# $LOFTRANGE_WEB_CACHE (default ~/.cache/loftrange-web), and builds with -Zbuild-std (there is
# no prebuilt wasm32 standard library for the rustup toolchain here; see the README).
#
#   bash web/build.sh            # build web/www/pkg
#   bash web/build.sh --test-deps  # also install what web/test.sh needs (chromium, playwright-core)
#
# The wasm build has its own profile ([profile.wasm] in Cargo.toml) and its own target
# directory (target/wasm), so native builds and benchmarks are untouched.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${LOFTRANGE_WEB_CACHE:-$HOME/.cache/loftrange-web}
TEST_DEPS=0
for arg in "$@"; do
  case "$arg" in
    --test-deps) TEST_DEPS=1 ;;
    *) echo "web/build.sh: unknown argument \"$arg\" (accepted: --test-deps)" >&2; exit 2 ;;
  esac
done
mkdir -p "$CACHE"
log() { echo "web/build.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# A registry hiccup should not fail the build: every install is tried twice.
retry() {
  "$@" && return 0
  log "failed, retrying once in 10 s: $*"
  sleep 10
  "$@"
}

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

apt_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_need() {
  local missing=() p
  for p in "$@"; do apt_installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  retry $SUDO apt-get update -q >/dev/null
  retry $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}

upstream_version() { dpkg-query -W -f='${Version}' "$1" | sed -E 's/^[0-9]+://; s/[+~-].*$//'; }

# --- 1. The compiler for the browser build: Debian's rustc-web, with its std source ------
# rust-web-llvm's rust-lld links to lld-22, only a Recommends: named here so linking works.
apt_need rustc-web cargo-web rust-web-src lld-22
RUSTC_VERSION=$(/usr/bin/rustc --version | awk '{print $2}')
SRC_VERSION=$(upstream_version rust-web-src)
[ "$RUSTC_VERSION" = "$SRC_VERSION" ] \
  || die "/usr/bin/rustc is $RUSTC_VERSION but rust-web-src is $SRC_VERSION (-Zbuild-std needs the same version): apt-get install --only-upgrade rustc-web cargo-web rust-web-src"
[ -x /usr/bin/rust-lld ] || die "/usr/bin/rust-lld is missing (install lld-22)"
log "rustc-web $RUSTC_VERSION with rust-web-src $SRC_VERSION"

# --- 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock ---
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
[ -n "$WB_VERSION" ] || die "no wasm-bindgen in Cargo.lock (run cargo metadata at the root once)"
WB_ROOT="$CACHE/wasm-bindgen-$WB_VERSION"
WASM_BINDGEN="$WB_ROOT/bin/wasm-bindgen"
WB_PID=""
if ! [ -x "$WASM_BINDGEN" ] || [ "$("$WASM_BINDGEN" --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  # In the background, beside the wasm build below (whose last step, LTO over one codegen
  # unit, uses one core): the two together take about the time of the longer.
  log "cargo install wasm-bindgen-cli $WB_VERSION in the background (once, 5-8 min; cached in $WB_ROOT)"
  # The rustup cargo builds this host tool; --locked is not used (its lock file pins a
  # webpki-roots version the registry lacks).
  CARGO_BIN=$(command -v cargo || echo /usr/bin/cargo)
  retry env CARGO_TARGET_DIR="$CACHE/build-wasm-bindgen-cli" nice "$CARGO_BIN" install wasm-bindgen-cli \
    --version "$WB_VERSION" --no-default-features --root "$WB_ROOT" --force >"$CACHE/wasm-bindgen-cli.log" 2>&1 &
  WB_PID=$!
fi

# --- 3. The map's libraries and data, from npm, served from web/www/vendor (no network at
# run time): d3 (ISC; projections, pan and zoom), topojson-client (ISC) and world-atlas's
# country borders at 1:50m (ISC; the data is Natural Earth's, public domain).
MAP_DIR="$CACHE/node-map-d3-7.9.2-topojson-client-3.1.0-world-atlas-2.0.2"
if ! [ -f "$MAP_DIR/node_modules/world-atlas/countries-50m.json" ]; then
  log "npm install d3@7.9.2 topojson-client@3.1.0 world-atlas@2.0.2 (the map)"
  mkdir -p "$MAP_DIR"
  retry npm install --prefix "$MAP_DIR" --no-audit --no-fund --loglevel=error \
    d3@7.9.2 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null
fi
VENDOR="$ROOT/web/www/vendor"
rm -rf "$VENDOR" && mkdir -p "$VENDOR"
for pkg in d3 topojson-client world-atlas; do
  cp "$MAP_DIR/node_modules/$pkg/LICENSE" "$VENDOR/$pkg-LICENSE"
done
cp "$MAP_DIR/node_modules/d3/dist/d3.min.js" "$MAP_DIR/node_modules/topojson-client/dist/topojson-client.min.js" \
  "$MAP_DIR/node_modules/world-atlas/countries-50m.json" "$VENDOR/"
log "map libraries in web/www/vendor: d3 7.9.2, topojson-client 3.1.0, world-atlas 2.0.2 (countries-50m)"

# --- 4. Test dependencies (web/test.sh): Debian's Chromium and npm's playwright-core -----
if [ "$TEST_DEPS" = 1 ]; then
  apt_need chromium
  PW_VERSION=1.65.1
  PW_DIR="$CACHE/node-playwright-$PW_VERSION"
  if ! [ -f "$PW_DIR/node_modules/playwright-core/package.json" ]; then
    log "npm install playwright-core@$PW_VERSION (the library only: it downloads no browser)"
    mkdir -p "$PW_DIR"
    retry npm install --prefix "$PW_DIR" --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION" >/dev/null
  fi
  AXE_VERSION=4.14.1
  AXE_DIR="$CACHE/node-axe-core-$AXE_VERSION"
  if ! [ -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
    log "npm install axe-core@$AXE_VERSION (the accessibility check of web/test.sh)"
    mkdir -p "$AXE_DIR"
    retry npm install --prefix "$AXE_DIR" --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
  fi
  log "chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), playwright-core $PW_VERSION, axe-core $AXE_VERSION"
fi

# --- 5. The wasm module and its ES-module glue ------------------------------------------
# The Debian compiler by path, with the rustup proxies off PATH (they would pick rustc 1.95).
log "cargo build -p loftrange-web --target wasm32-unknown-unknown --profile wasm"
(
  cd "$ROOT"
  env -u RUSTUP_TOOLCHAIN PATH=/usr/bin:/bin RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="$ROOT/target/wasm" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    nice /usr/bin/cargo build -p loftrange-web --lib --target wasm32-unknown-unknown --profile wasm \
    -Zbuild-std=std,panic_abort
)
WASM="$ROOT/target/wasm/wasm32-unknown-unknown/wasm/loftrange_web.wasm"
[ -f "$WASM" ] || die "the build did not produce $WASM"
if [ -n "$WB_PID" ]; then
  log "waiting for the wasm-bindgen-cli install"
  wait "$WB_PID" || { tail -20 "$CACHE/wasm-bindgen-cli.log" >&2; die "cargo install wasm-bindgen-cli $WB_VERSION failed"; }
fi
[ "$("$WASM_BINDGEN" --version | awk '{print $2}')" = "$WB_VERSION" ] \
  || die "$WASM_BINDGEN is not version $WB_VERSION"
log "wasm-bindgen-cli $WB_VERSION"
rm -rf "$ROOT/web/www/pkg"
"$WASM_BINDGEN" --target web --no-typescript --out-dir "$ROOT/web/www/pkg" "$WASM"
log "web/www is ready ($(du -k "$ROOT/web/www/pkg/loftrange_web_bg.wasm" | cut -f1) KB of wasm):"
log "  serve it: python3 -m http.server 8000 --bind 127.0.0.1 --directory web/www  (then open http://127.0.0.1:8000/)"
