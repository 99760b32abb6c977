#!/usr/bin/env bash
# Regenerates the pictures in docs/img/ from runs of the shipped scenarios:
#   docs/img/2021-08-17-deepest.png  the 17 August 2021 incursion at the instant the 12 BY officers
#                                    are deepest in Lithuania (README, docs/viewer.md)
#   docs/img/viewer-2021-08-17.png   the viewer of that run at 15:07:30, headless Chromium (docs/viewer.md)
#   docs/img/policy-demo-sweep.svg   the policy demo sweep's summary.svg (docs/viewer.md)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --product bordersim >&2
bin="$(swift build --show-bin-path)/bordersim"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p docs/img

"$bin" run scenarios/2021-08-17-dieveniskes.yaml --out "$work/aug17" --quiet --view
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 --virtual-time-budget=10000 \
    --window-size=1400,900 --hide-scrollbars --screenshot="$PWD/docs/img/viewer-2021-08-17.png" \
    "file://$work/aug17/view.html#check=2021-08-17T15:07:30%2B03:00&around=1" 2>/dev/null
echo "wrote docs/img/viewer-2021-08-17.png"
"$bin" map "$work/aug17" -o docs/img/2021-08-17-deepest.png --at deepest --around by-shield-line --quiet
echo "wrote docs/img/2021-08-17-deepest.png"

"$bin" sweep scenarios/policy-demo.yaml --replicates 20 --out "$work/demo" --quiet >/dev/null
cp "$work/demo/summary.svg" docs/img/policy-demo-sweep.svg
echo "wrote docs/img/policy-demo-sweep.svg"
