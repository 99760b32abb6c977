#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: system libraries, build, tests; then,
# without arguments, the Slurm recipe on a real local Slurm (scripts/slurm/test.sh, skipped
# with the reason where Slurm cannot be installed). Arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build --build-tests
swift test "$@"
if [ $# -eq 0 ]; then
    BORDERSIM="$(swift build --show-bin-path)/bordersim" scripts/slurm/test.sh --replicates 10
fi
