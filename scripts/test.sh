#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: system libraries, build, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --build-tests
swift test "$@"
