#!/usr/bin/env bash
# Runs the Slurm recipe on a real Slurm and checks it: installs Debian's slurm-wlm and munge
# if missing, starts a private one-node cluster (local-cluster.sh), runs a sweep on one
# machine, submits the same sweep as a job array of shards and a dependent merge job
# (submit.sh), waits for them, and compares the merged files with the one-machine ones byte
# for byte. Skipped, with the reason, only where Slurm cannot be installed or started as root.
#
#   scripts/slurm/test.sh [--replicates R] [--shards N] [--measure]
#
# Default: sweeps/policy-demo.yaml (4 policies) with 20 replicates in 8 shards.
# --measure also times the array on a node with 1 CPU and with 2 (docs/cluster.md).
# BORDERSIM: the executable to test (default: the debug build, built if needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
replicates=20 shards=8 measure=0 sweep=sweeps/policy-demo.yaml
while [ $# -gt 0 ]; do
    case "$1" in
        --replicates) replicates=$2; shift 2 ;;
        --shards) shards=$2; shift 2 ;;
        --measure) measure=1; shift ;;
        --sweep) sweep=$2; shift 2 ;;
        *) echo "usage: scripts/slurm/test.sh [--replicates R] [--shards N] [--measure] [--sweep FILE]" >&2; exit 2 ;;
    esac
done

skip() { echo "SKIPPED the Slurm test: $*" >&2; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "it needs root, to start slurmd (which runs jobs as their user)"
reason=$(scripts/slurm/install.sh 2>&1 >/dev/null) || skip "Slurm could not be installed: ${reason##*$'\n'}"

if [ -z "${BORDERSIM:-}" ]; then
    eval "$(scripts/install-deps.sh)"
    swift build --product bordersim >&2
    BORDERSIM="$(swift build --show-bin-path)/bordersim"
fi
work=$(mktemp -d /tmp/bordersim-slurm-XXXXXX)
cluster="$work/cluster"
trap 'scripts/slurm/local-cluster.sh stop "$cluster"' EXIT

# Waits until the cluster has no job left (it is ours alone).
wait_idle() {
    for _ in $(seq 3600); do
        [ -z "$(squeue -h -o %i)" ] && return 0
        sleep 1
    done
    echo "FAIL: the Slurm jobs did not finish within an hour" >&2; squeue >&2; return 1
}

# Submits the sweep as N shards on a node with CPUS CPUs; prints the seconds from submission to the merge.
run_on_slurm() {
    local cpus=$1 out=$2 start
    eval "$(scripts/slurm/local-cluster.sh start "$cluster" "$cpus")"
    start=$(date +%s%N)
    scripts/slurm/submit.sh --shards "$shards" --out "$out" --bordersim "$BORDERSIM" "$sweep" \
        --replicates "$replicates" >&2
    wait_idle
    seconds_since "$start"
    scripts/slurm/local-cluster.sh stop "$cluster"
}

seconds_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
echo "one machine: $BORDERSIM sweep $sweep --replicates $replicates --threads 2" >&2
start=$(date +%s%N)
"$BORDERSIM" sweep "$sweep" --replicates "$replicates" --threads 2 --out "$work/one" --quiet >/dev/null
one=$(seconds_since "$start")
runs=$(( $(wc -l < "$work/one/runs.csv") - 1 ))

echo "Slurm: $shards shards on a 2-CPU node, then the merge job" >&2
two=$(run_on_slurm 2 "$work/slurm")
status=0
for f in runs.csv summary.csv summary.md provenance.json; do
    if cmp -s "$work/one/$f" "$work/slurm/merged/$f"; then
        echo "ok: $f merged from $shards Slurm shards is byte-identical with the one-machine sweep"
    else
        echo "FAIL: $f differs: $work/one/$f $work/slurm/merged/$f" >&2; status=1
    fi
done
printf 'one machine, 2 threads: %.1f s; Slurm, 2 workers: %.1f s (%d runs, load %s)\n' \
    "$one" "$two" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$measure" = 1 ]; then
    one_worker=$(run_on_slurm 1 "$work/slurm-1")
    cmp -s "$work/one/runs.csv" "$work/slurm-1/merged/runs.csv" || { echo "FAIL: 1-worker runs.csv differs" >&2; status=1; }
    printf 'Slurm throughput: 1 worker %.1f s (%.1f runs/min), 2 workers %.1f s (%.1f runs/min); load %s\n' \
        "$one_worker" "$(awk "BEGIN { print $runs * 60 / $one_worker }")" "$two" "$(awk "BEGIN { print $runs * 60 / $two }")" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
fi
[ "$status" = 0 ] && rm -rf "$work"
exit "$status"
