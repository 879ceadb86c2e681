#!/usr/bin/env bash
# The web page in a real browser: build it (web/build.sh --test-deps), serve web/www on
# 127.0.0.1, drive Debian's Chromium headless with playwright-core (web/test/browser.cjs),
# and compare what the page shows with what the command line prints for the same inputs.
# Screenshots (desktop and phone widths) go to web/test-output/ (not committed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${LOFTRANGE_WEB_CACHE:-$HOME/.cache/loftrange-web}
OUT="$ROOT/web/test-output"
cd "$ROOT"

bash web/build.sh --test-deps
rm -rf "$OUT" && mkdir -p "$OUT"

# What the command line says for the same inputs (the native build of the same library;
# LOFTRANGE_CLI: one already built, as .ci/run passes the one cargo test built).
if [ -n "${LOFTRANGE_CLI:-}" ]; then
  CLI="$LOFTRANGE_CLI"
else
  cargo build --quiet --bin loftrange
  CLI="$ROOT/target/debug/loftrange"
fi
[ -x "$CLI" ] || { echo "web/test.sh: no command line at $CLI" >&2; exit 1; }
# The page always sends the model its form shows, so the command lines name it too (without
# --model, a site selects rotating and the assumptions line says it was chosen).
KEPLER=(--apogee 4475km --range 950km --flight-time 53min --model kepler)
ROTATING=(--apogee 4475km --range 950km --flight-time 53min --model rotating --site pyongsong --test-azimuth 90 --azimuth 270
  --target washington --target "Tokyo, JP")
# Model boost with the generic vehicle: the Monte Carlo varies the vehicle's assumptions too.
BOOST_MC=(--apogee 4475+-50km --range 950+-20km --model boost --samples 40 --seed 7)
bad_apogee=$("$CLI" estimate --apogee -5km --range 950km 2>&1 >/dev/null || true)
EXPECT_JSON=$(
  KEPLER_TEXT=$("$CLI" estimate "${KEPLER[@]}"; echo x) \
  ROTATING_TEXT=$("$CLI" estimate "${ROTATING[@]}"; echo x) \
  REACH_TEXT=$("$CLI" reach "${ROTATING[@]}"; echo x) \
  CATALOG_JSON=$("$CLI" estimate --test 2017-11-28-hwasong15-kcna --json) \
  HS14_JSON=$("$CLI" estimate --test 2017-07-28-hwasong14-kcna --json) \
  ROTATING_JSON=$("$CLI" estimate "${ROTATING[@]}" --json) \
  MC_JSON=$("$CLI" estimate --apogee 4475+-50km --range 950km --flight-time 53min --site pyongsong \
    --test-azimuth 90 --target washington --target "Tokyo, JP" --samples 2000 --json) \
  BOOST_MC_TEXT=$("$CLI" estimate "${BOOST_MC[@]}" 2>/dev/null; echo x) \
  BOOST_MC_JSON=$("$CLI" estimate "${BOOST_MC[@]}" --json 2>/dev/null) \
  BAD_APOGEE="${bad_apogee#loftrange: }" \
  python3 -c '
import json, os
t = lambda k: os.environ[k][:-1]  # the text as printed (the x keeps its final newline)
boost = t("BOOST_MC_TEXT")
# The Monte Carlo part of the report: from its heading to the sensitivity table.
boost_mc = boost[boost.index("\nMonte Carlo: "):boost.index("\nSensitivity of the standard range")]
print(json.dumps({
    "kepler_text": t("KEPLER_TEXT"),
    "rotating_text": t("ROTATING_TEXT"),
    "reach_text": t("REACH_TEXT"),
    "catalog_range_km": json.loads(os.environ["CATALOG_JSON"])["standard"]["range_km"],
    "hs14_range_km": json.loads(os.environ["HS14_JSON"])["standard"]["range_km"],
    "rotating_range_km": json.loads(os.environ["ROTATING_JSON"])["standard"]["range_km"],
    "mc_p50_km": json.loads(os.environ["MC_JSON"])["uncertainty"]["p50_km"],
    "bad_apogee_message": os.environ["BAD_APOGEE"].strip(),
    "boost_mc_text": boost_mc,
    "boost_mc_json": json.loads(os.environ["BOOST_MC_JSON"])["uncertainty"],
}))'
)

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory web/www >"$OUT/http.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.1
done

PW_DIR=$(ls -d "$CACHE"/node-playwright-*/node_modules/playwright-core | tail -1)
AXE_JS=$(ls "$CACHE"/node-axe-core-*/node_modules/axe-core/axe.min.js | tail -1)
AXE_JS="$AXE_JS" PLAYWRIGHT_CORE="$PW_DIR" PAGE_URL="http://127.0.0.1:$PORT/index.html" OUT_DIR="$OUT" EXPECT_JSON="$EXPECT_JSON" \
  node web/test/browser.cjs
