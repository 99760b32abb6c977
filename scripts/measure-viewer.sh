#!/usr/bin/env bash
# Measures the viewer on the 17 August 2021 run and the summer-2021 run (5,000 people, 40 days):
# the size of view.html, how long headless Chromium takes to open it (start to DOM dump, and
# the page's own time to ready), and the cost of one frame (every person placed and drawn).
# Figures go into docs/viewer.md by hand. Usage: scripts/measure-viewer.sh [EXTRA RUN FLAGS]
# e.g. --trajectory-interval "30 s" (every step of the summer run).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --product bordersim >&2
bin="$(swift build --show-bin-path)/bordersim"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
measure() {  # NAME SCENARIO CHECK-TIME [RUN FLAGS…]
    local name=$1 scenario=$2 at=$3; shift 3
    "$bin" run "$scenario" --out "$work/$name" --quiet "$@"
    local t0 t1; t0=$(date +%s%N); "$bin" view "$work/$name" --quiet; t1=$(date +%s%N)
    echo "$name: view.html $(stat -c %s "$work/$name/view.html") bytes, written in $(( (t1 - t0) / 1000000 )) ms"
    grep -o '"thinning":{[^}]*}' "$work/$name/view.html"
    for i in 1 2 3; do
        t0=$(date +%s%N)
        chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
            --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 --virtual-time-budget=10000 \
            --window-size=1400,900 --dump-dom "file://$work/$name/view.html#check=$at" 2>/dev/null >"$work/dom.html"
        t1=$(date +%s%N)
        local report; report="$(sed -n 's:.*<pre id="bordersim-check">\([^<]*\)</pre>.*:\1:p' "$work/dom.html")"
        echo "  open $i: $(( (t1 - t0) / 1000000 )) ms start to DOM dump; page ready after $(grep -o '"readyMs":[0-9]*' <<<"$report" | cut -d: -f2) ms;" \
             "one frame of playback $(grep -o '"frameMs":[0-9.]*' <<<"$report" | cut -d: -f2) ms for $(grep -o '"people":[0-9]*,"frameMs"' <<<"$report" | cut -d: -f2 | cut -d, -f1) people"
    done
}
measure aug17 scenarios/2021-08-17-dieveniskes.yaml "2021-08-17T15:07:30%2B03:00"
measure summer scenarios/summer-2021-lt-by.yaml "2021-08-01T12:00:00%2B03:00" "$@"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
