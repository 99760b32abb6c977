#!/usr/bin/env bash
# The border-crossing benchmark (../shared/bench/WORKLOAD.md) through bordersim's core:
# throughput and peak memory at 1,000, 10,000 and 100,000 walkers, and, with valgrind,
# instructions per agent-step (repeatable on a noisy machine). Figures go to stdout.
#   scripts/bench.sh [STEPS]           default 360
#   BENCH_SIZES="1000 10000" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
steps=${1:-360}
data=../shared/bench/data
swift build -c release --product bordersim >&2
bin=.build/release/bordersim

# Timings on a shared machine vary run to run: each size runs three times (best shown last).
for n in ${BENCH_SIZES:-1000 10000 100000}; do
    best=0
    for run in 1 2 3; do
        # GNU time's %M is the peak resident set size in KiB.
        out=$( { /usr/bin/time -f 'peak_rss_kib=%M' "$bin" bench "$data/workload-$n.json" --steps "$steps"; } 2>&1 | tr '\n' ' ')
        echo "$out"
        rate=$(echo "$out" | sed -n 's/.*agent_steps_per_s=\([0-9]*\).*/\1/p')
        [ "$rate" -gt "$best" ] && best=$rate
    done
    echo "best N=$n agent_steps_per_s=$best"
done

if command -v valgrind >/dev/null; then
    # valgrind 3.19 cannot read the toolchain's DWARF 5: count on copies without debug info.
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    cp "$bin" "$tmp/" && strip --strip-debug "$tmp/bordersim"
    for lib in $(ldd "$bin" | awk '/swift|Foundation|dispatch|Blocks/ {print $3}'); do
        cp "$lib" "$tmp/" && strip --strip-debug "$tmp/$(basename "$lib")"
    done
    count() {
        LD_LIBRARY_PATH="$tmp" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$tmp/bordersim" \
            bench "$data/workload-1000.json" --steps "$1" 2>&1 | awk '/I   refs/ {gsub(",", "", $NF); print $NF}'
    }
    base=$(count 0)
    full=$(count 100)
    echo "instructions_per_agent_step=$(( (full - base) / (1000 * 100) )) (callgrind, 1,000 walkers, steps 1-100)"
fi
