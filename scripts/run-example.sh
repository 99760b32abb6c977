#!/usr/bin/env bash
# Sets everything up and runs the main job: builds bordersim (release), summarises the
# border data, and runs the example patrol scenario into out/example-patrol/.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build -c release --product bordersim
bin=.build/release/bordersim
"$bin" geodata
echo
"$bin" run scenarios/example-patrol.yaml --out out/example-patrol --force "$@"
