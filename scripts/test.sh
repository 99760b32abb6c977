#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: system libraries, build, tests, and (when
# run without arguments, as CI does) the viewer in headless Chromium (scripts/check-viewer.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --build-tests
swift test "$@"
if [ $# -eq 0 ]; then scripts/check-viewer.sh; fi
