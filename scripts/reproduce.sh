#!/usr/bin/env bash
# Sets everything up and runs the main job: reproduces the 17 August 2021 incursion in the
# Dieveniškės loop and the Belarusian account of it, and checks both over 100 seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build -c release --product bordersim
bin=.build/release/bordersim
for name in 2021-08-17-dieveniskes 2021-08-17-dieveniskes-belarusian-account; do
    echo "== $name"
    "$bin" run "scenarios/$name.yaml" --out "out/$name" --force --view
    echo "GeoJSON, CSV and summary.json written to out/$name/; open out/$name/view.html to replay the run"
    "$bin" check "scenarios/$name.yaml" --seeds 100 --min-rate 0.95
    echo
done
