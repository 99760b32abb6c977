#!/usr/bin/env bash
# Prints a SHA-256 for every output bordersim gives on the shipped inputs: each scenario's
# files (run on 1 and 2 threads, with --positions and --kepler), the benchmark's result line
# at each size and thread count (without its timings), and a sweep's tables. A refactoring
# that must not change results is checked by comparing two listings:
#   scripts/fingerprint-outputs.sh > /tmp/before.txt   # on the old revision
#   scripts/fingerprint-outputs.sh | diff /tmp/before.txt -
# The large workloads are read from ../shared/bench/data when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/install-deps.sh)"
swift build -c release --product bordersim >&2
bin=.build/release/bordersim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for scenario in scenarios/*.yaml; do
    name=$(basename "$scenario" .yaml)
    for threads in 1 2; do
        out="$work/$name-$threads"
        "$bin" run "$scenario" --out "$out" --positions --kepler --threads "$threads" --quiet
        for file in "$out"/*; do
            # The tool's revision changes with every commit; everything else must not.
            echo "run $name threads=$threads $(basename "$file") $(grep -v '"tool_revision"' "$file" | sha256sum | cut -d' ' -f1)"
        done
    done
done

# The result fields of a bench line, without seconds, rates and the thread count.
results() { tr ' ' '\n' | grep -vE '^(seconds|agent_steps_per_s|member_steps_per_s|threads)=' | tr '\n' ' '; }
workloads=(Tests/BorderSimIOTests/Fixtures/bench/workload-1000.json)
for size in 10000 100000; do
    [ -f "../shared/bench/data/workload-$size.json" ] && workloads+=("../shared/bench/data/workload-$size.json")
done
for workload in "${workloads[@]}"; do
    for threads in 1 2; do
        echo "bench $(basename "$workload") threads=$threads $("$bin" bench "$workload" --steps 360 --threads "$threads" | results)"
    done
done

"$bin" sweep scenarios/policy-demo.yaml --replicates 5 --out "$work/sweep" --quiet > "$work/sweep-table.txt"
for file in runs.csv summary.csv; do echo "sweep policy-demo $file $(sha256sum < "$work/sweep/$file" | cut -d' ' -f1)"; done
echo "sweep policy-demo $(sha256sum < "$work/sweep-table.txt" | cut -d' ' -f1) table"
