#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: system libraries, build, tests, then a
# short fuzz run of the input loaders (docs/fuzzing.md): FUZZ_SECONDS long, 60 by default,
# 0 to skip it (as when running only part of the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --build-tests
swift test "$@"
fuzz_seconds="${FUZZ_SECONDS:-60}"
[ "$fuzz_seconds" = 0 ] || scripts/fuzz.sh --seconds "$fuzz_seconds"
