#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: system libraries, build, tests, and (when
# run without arguments, as CI does) the viewer in headless Chromium (scripts/check-viewer.sh)
# and a short fuzz run of the input loaders (docs/fuzzing.md): FUZZ_SECONDS long, 60 by
# default, 0 to skip it.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --build-tests
swift test "$@"
if [ $# -eq 0 ]; then
    scripts/check-viewer.sh
    fuzz_seconds="${FUZZ_SECONDS:-60}"
    [ "$fuzz_seconds" = 0 ] || scripts/fuzz.sh --seconds "$fuzz_seconds"
fi
