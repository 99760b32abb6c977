#!/usr/bin/env bash
# Instructions per agent-step (valgrind's callgrind, one thread) of the release build on the
# 10,000-walker workload and on the summer-2021 scenario: the figure a change to the step loop
# is judged by, since it does not move with the machine's load. Counts the run with S steps
# minus the run with 1 (set-up, output and one step), divided by the steps between them.
#   scripts/count-instructions.sh [BIN]     # BIN: a bordersim binary (default: build this tree's)
#   WORKLOADS="10000 10000-p1000" scripts/count-instructions.sh BIN     # other workloads
# Workloads are read from ../shared/bench/data (skipped when absent); agent-steps count walkers, as the benchmark does.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
    eval "$(scripts/install-deps.sh)"
    swift build -c release --product bordersim >&2
    bin=.build/release/bordersim
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# valgrind 3.19 cannot read the toolchain's DWARF 5: count on copies without debug info.
cp "$bin" "$tmp/bordersim" && strip --strip-debug "$tmp/bordersim"
for lib in $(ldd "$bin" | awk '/swift|Foundation|dispatch|Blocks/ {print $3}'); do
    cp "$lib" "$tmp/" && strip --strip-debug "$tmp/$(basename "$lib")"
done
count() {
    # Swift seeds its hashing per process; fixed, repeated counts agree to the instruction.
    SWIFT_DETERMINISTIC_HASHING=1 LD_LIBRARY_PATH="$tmp" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$tmp/bordersim" \
        bench "$@" 2>&1 | awk '/I   refs/ {gsub(",", "", $NF); print $NF}'
}
# WORKLOADS: names of ../shared/bench/data/workload-NAME.json, e.g. "10000 10000-p1000 100000-p5000";
# those of 100,000 walkers are counted over 10 steps, the others over 100.
for name in ${WORKLOADS:-10000}; do
    workload=../shared/bench/data/workload-$name.json
    [ -f "$workload" ] || { echo "workload-$name: skipped, $workload is absent"; continue; }
    case $name in 100000*) steps=10 ;; *) steps=100 ;; esac
    agents=$(python3 -c "import json; d = json.load(open('$workload')); print(d['n_agents'])")
    base=$(count "$workload" --steps 1) full=$(count "$workload" --steps $((steps + 1)))
    echo "workload-$name instructions per step: $(( (full - base) / steps )), per agent-step: $(( (full - base) / (agents * steps) ))"
done
summer=scenarios/summer-2021-lt-by.yaml
base=$(count "$summer" --steps 1) full=$(count "$summer" --steps 2001)
echo "summer-2021 instructions per step (2,000 steps): $(( (full - base) / 2000 ))"
