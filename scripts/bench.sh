#!/usr/bin/env bash
# bordersim's benchmark suite, through the real core (docs/performance.md):
#  - the border-crossing workload (../shared/bench/WORKLOAD.md) at 1,000, 10,000 and 100,000
#    walkers, on 1 and 2 threads: agent-steps per second and peak memory;
#  - the 40-day summer-2021 scenario, on 1 and 2 threads: member-steps per second, peak memory;
#  - the reference C loop of issue 6 on the same workloads, and bordersim's speed relative to it;
#  - with valgrind, instructions per agent-step (repeatable on a noisy machine).
# Every configuration runs three times and the best rate is reported (timings on a shared
# machine vary from run to run); results must not change with the thread count.
#   scripts/bench.sh [STEPS]                      default 360
#   BENCH_SIZES="1000 10000" BENCH_THREADS="1 2" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
steps=${1:-360}
data=../shared/bench/data
if [ ! -f "$data/workload-1000.json" ]; then
    echo "error: $data/workload-1000.json not found: the benchmark workloads live in ../shared/bench," \
         "beside the project's root (the tests use a copy of the 1,000-walker one in Tests/BorderSimIOTests/Fixtures/bench)" >&2
    exit 2
fi
swift build -c release --product bordersim >&2
bin=.build/release/bordersim

# The rate (agent- or member-steps per second) in each output line read.
rate_of() { sed -n 's/.*_steps_per_s=\([0-9]*\).*/\1/p'; }

# Runs `bordersim bench ARGS` three times; prints each line with its peak memory, then the
# best rate, which it also leaves in $best.
best_of_three() {
    local label=$1; shift
    local out rate
    best=0
    for run in 1 2 3; do
        # GNU time's %M is the peak resident set size in KiB.
        out=$( { /usr/bin/time -f 'peak_rss_kib=%M' "$bin" bench "$@"; } 2>&1 | tr '\n' ' ')
        echo "$out"
        rate=$(echo "$out" | rate_of)
        [ "$rate" -gt "$best" ] && best=$rate
    done
    echo "best $label steps_per_s=$best"
}

# The reference loop of issue 6 (scripts/reference-loop.c), timed beside bordersim: the ratio
# of the two is steadier than either rate on this shared machine.
ref=$(mktemp -d)
trap 'rm -rf "$ref"' EXIT
# Any C compiler: the system's, else the Swift toolchain's clang.
"${CC:-$(command -v cc || command -v clang)}" -O2 -ffp-contract=off -o "$ref/reference-loop" \
    scripts/reference-loop.c -lgeos_c -lm

for n in ${BENCH_SIZES:-1000 10000 100000}; do
    base=0
    for run in 1 2 3; do
        rate=$("$ref/reference-loop" "$data/workload-$n.json" "$steps" | rate_of)
        [ "$rate" -gt "$base" ] && base=$rate
    done
    echo "best N=$n reference-loop steps_per_s=$base"
    for t in ${BENCH_THREADS:-1 2}; do
        best_of_three "N=$n threads=$t" "$data/workload-$n.json" --steps "$steps" --threads "$t"
        echo "ratio N=$n threads=$t bordersim/reference-loop=$(awk -v a="$best" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
    done
done
# What two cores of this machine give at most: two copies of the reference loop at once against
# one alone (10,000 walkers). On a virtual machine whose cores share a physical one, or a CPU
# quota, this is well under 2, and it bounds what two threads can add.
alone=0 pair=0
for run in 1 2 3; do
    rate=$("$ref/reference-loop" "$data/workload-10000.json" "$steps" | rate_of)
    [ "$rate" -gt "$alone" ] && alone=$rate
    rates=$( { "$ref/reference-loop" "$data/workload-10000.json" "$steps" & "$ref/reference-loop" "$data/workload-10000.json" "$steps" & wait; } \
        | rate_of | awk '{ s += $1 } END { print s }')
    [ "$rates" -gt "$pair" ] && pair=$rates
done
echo "two_cores N=10000 two_reference_loops_at_once/one=$(awk -v a="$pair" -v b="$alone" 'BEGIN { printf "%.2f", a / b }')"

for t in ${BENCH_THREADS:-1 2}; do
    best_of_three "summer-2021 threads=$t" scenarios/summer-2021-lt-by.yaml --threads "$t"
done

if command -v valgrind >/dev/null; then
    # valgrind 3.19 cannot read the toolchain's DWARF 5: count on copies without debug info.
    tmp=$(mktemp -d)
    trap 'rm -rf "$ref" "$tmp"' EXIT
    cp "$bin" "$tmp/" && strip --strip-debug "$tmp/bordersim"
    for lib in $(ldd "$bin" | awk '/swift|Foundation|dispatch|Blocks/ {print $3}'); do
        cp "$lib" "$tmp/" && strip --strip-debug "$tmp/$(basename "$lib")"
    done
    count() {
        LD_LIBRARY_PATH="$tmp" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$tmp/bordersim" \
            bench "$data/workload-$1.json" --steps "$2" 2>&1 | awk '/I   refs/ {gsub(",", "", $NF); print $NF}'
    }
    for n in 1000 10000; do
        base=$(count "$n" 0)
        full=$(count "$n" 100)
        echo "instructions_per_agent_step=$(( (full - base) / (n * 100) )) (callgrind, $n walkers, steps 1-100)"
    done
fi
