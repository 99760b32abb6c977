#!/usr/bin/env bash
# Runs scripts/ray/sweep.py on a local Ray cluster (a head node started here, 2 CPUs) and
# compares the merged files with a one-machine sweep, byte for byte.
#
#   scripts/ray/test.sh [--sweep FILE] [--shards N]
#
# RAY_PYTHON: a Python with ray (default: /opt/bordersim-ray/bin/python, else python3); skipped,
# with the reason, when none has it (pip install ray). BORDERSIM: the executable to test.
set -euo pipefail
cd "$(dirname "$0")/../.."
sweep=Tests/CLITests/Fixtures/sweep/shards.yaml shards=8
while [ $# -gt 0 ]; do
    case "$1" in
        --sweep) sweep=$2; shift 2 ;;
        --shards) shards=$2; shift 2 ;;
        *) echo "usage: scripts/ray/test.sh [--sweep FILE] [--shards N]" >&2; exit 2 ;;
    esac
done
python=${RAY_PYTHON:-}
if [ -z "$python" ]; then
    python=python3
    [ -x /opt/bordersim-ray/bin/python ] && python=/opt/bordersim-ray/bin/python
fi
"$python" -c "import ray" 2>/dev/null || {
    echo "SKIPPED the Ray test: $python has no ray (python3 -m venv /opt/bordersim-ray && /opt/bordersim-ray/bin/pip install ray)" >&2
    exit 0; }
if [ -z "${BORDERSIM:-}" ]; then
    eval "$(scripts/install-deps.sh)"
    swift build --product bordersim >&2
    BORDERSIM="$(swift build --show-bin-path)/bordersim"
fi
work=$(mktemp -d /tmp/bordersim-ray-XXXXXX)
port=$(( 30000 + RANDOM % 20000 ))
ray=$(dirname "$python")/ray
# The head node in its own process group, so that stopping it ends only what it started.
setsid "$ray" start --head --block --num-cpus 2 --port "$port" --include-dashboard=false \
    --disable-usage-stats --temp-dir "$work/ray" > "$work/head.log" 2>&1 &
head=$!
trap 'kill -- -"$head" 2>/dev/null || true; sleep 2; kill -9 -- -"$head" 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q "Ray runtime started" "$work/head.log" && break; sleep 1; done
grep -q "Ray runtime started" "$work/head.log" || { echo "FAIL: the Ray head did not start" >&2; cat "$work/head.log" >&2; exit 1; }

"$BORDERSIM" sweep "$sweep" --threads 2 --out "$work/one" --quiet >/dev/null
start=$(date +%s%N)
RAY_ADDRESS="127.0.0.1:$port" "$python" scripts/ray/sweep.py --shards "$shards" --out "$work/ray-out" \
    --bordersim "$BORDERSIM" "$sweep" >/dev/null
seconds=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
status=0
for f in runs.csv summary.csv summary.md provenance.json; do
    if cmp -s "$work/one/$f" "$work/ray-out/merged/$f"; then
        echo "ok: $f merged from $shards Ray tasks is byte-identical with the one-machine sweep"
    else
        echo "FAIL: $f differs: $work/one/$f $work/ray-out/merged/$f" >&2; status=1
    fi
done
echo "Ray, local head with 2 CPUs: $shards shards in $seconds s (load $(cut -d' ' -f1-3 /proc/loadavg))"
[ "$status" = 0 ] && rm -rf "$work"
exit "$status"
