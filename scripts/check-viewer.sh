#!/usr/bin/env bash
# Opens the viewer of the 17 August 2021 run in headless Chromium with the network disabled and
# checks it as a reader would: the page loads without a single request leaving the file, prints
# nothing on the console, and at 15:07:30 (+03:00) reports 12 BY officers and 35 migrants on
# Lithuanian soil. Saves a screenshot to .ci/artifacts/viewer-2021-08-17.png (look at it).
#
# No DevTools protocol: the page, opened with #check=TIME, sets its slider to TIME through its own
# hook (window.bordersim.setTime) and writes a JSON report (counts, errors, console errors, blocked
# requests, resources loaded, time to ready) into <pre id="bordersim-check">, read with --dump-dom.
# Requests cannot leave: DNS maps every name to nothing, the proxy is a closed port, and the page's
# Content-Security-Policy (default-src 'none') blocks and reports any fetch.
#
# Usage: scripts/check-viewer.sh [BORDERSIM_BINARY]   (default: builds and uses the debug binary)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
if [ $# -ge 1 ]; then bin="$1"; else swift build --product bordersim >&2; bin="$(swift build --show-bin-path)/bordersim"; fi
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "error: chromium not found; install Debian's chromium (scripts/install-deps.sh)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts=.ci/artifacts
mkdir -p "$artifacts"

"$bin" run scenarios/2021-08-17-dieveniskes.yaml --out "$work/aug17" --quiet --view
html="$work/aug17/view.html"
size=$(stat -c %s "$html")
echo "view.html of the 17 Aug run: $size bytes"
[ "$size" -lt 3000000 ] || { echo "FAIL: view.html is $size bytes, over 3 MB" >&2; exit 1; }

url="file://$html#check=2021-08-17T15:07:30%2B03:00&around=1"
flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile"
       --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 --disable-background-networking
       --disable-component-update --disable-sync --enable-logging=stderr --v=0
       --virtual-time-budget=10000 --window-size=1400,900 --hide-scrollbars)
start=$(date +%s%N)
"$browser" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/chromium.log"
end=$(date +%s%N)
report="$(sed -n 's:.*<pre id="bordersim-check">\([^<]*\)</pre>.*:\1:p' "$work/dom.html")"
echo "page report: $report"
fail() { echo "FAIL: $*" >&2; echo "--- chromium log:" >&2; grep -v dbus "$work/chromium.log" >&2 || true; exit 1; }
[ -n "$report" ] || fail "the page wrote no report (it did not finish loading)"
grep -q '"errors":\[\]' <<<"$report" || fail "the page recorded errors"
grep -q '"resources":\[\]' <<<"$report" || fail "the page loaded resources"
# Console messages of the page (Chromium logs them as CONSOLE lines); the page prints none.
if grep -E 'CONSOLE|Uncaught' "$work/chromium.log"; then fail "console output"; fi
lt="$(grep -o '"LT":{[^}]*}' <<<"$report")"
grep -q '"BY officers":12[,}]' <<<"$lt" || fail "expected 12 BY officers on Lithuanian soil at 15:07:30; found $lt"
grep -q '"migrants":35[,}]' <<<"$lt" || fail "expected 35 migrants on Lithuanian soil at 15:07:30; found $lt"
# What hovering an officer shows: who, where, each incursion's entry, exit, duration, depth, tolerance.
grep -q '"describe":"by-shield-line#0 · BY riot-police.*entry 15:06:38, exit 15:08:57.*beyond the 2 m tolerance' <<<"$report" \
    || fail "the hover text of by-shield-line#0 does not give its mapped-border incursion"
# The page's own controls: clicking the first warning in the event list moves the slider to it
# (15:06:39, the LT guards' first warning); unticking the migrants in the legend hides all 35 of
# them and nobody else; ticking them again brings them back.
grep -q '"clicked":{"event":"15:06:39  warning  lt-guards#0 · by-shield-line","clock":"2021-08-17 15:06:39 +03:00","slider":true,"current":true}' <<<"$report" \
    || fail "clicking the first warning in the event list did not move the slider to 15:06:39"
grep -q '"filter":{"unit":"migrants","drawn":53,"unitDrawn":35,"drawnUnticked":18,"unitDrawnUnticked":0,"drawnTickedAgain":53}' <<<"$report" \
    || fail "the unit filter did not hide exactly the 35 migrants and bring them back"
echo "opened in $(( (end - start) / 1000000 )) ms (Chromium start to DOM dump; the page was ready after $(grep -o '"readyMs":[0-9]*' <<<"$report" | cut -d: -f2) ms)"

"$browser" "${flags[@]}" --screenshot="$PWD/$artifacts/viewer-2021-08-17.png" "$url" 2>/dev/null
[ -s "$artifacts/viewer-2021-08-17.png" ] || fail "no screenshot"
echo "OK: 12 BY officers and 35 migrants on Lithuanian soil at 15:07:30; no request, no console output"
echo "screenshot: $artifacts/viewer-2021-08-17.png"
