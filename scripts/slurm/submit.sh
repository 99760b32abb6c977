#!/usr/bin/env bash
# Submits a bordersim sweep to Slurm: a job array of N shards, then a merge job that runs
# when all of them have succeeded and writes OUT/merged/ (the one-machine sweep's files).
#
#   scripts/slurm/submit.sh [--shards N] [--cpus C] [--out DIR] [--bordersim PATH]
#                           [--batch B] [--sbatch "EXTRA SBATCH OPTIONS"] SWEEP [sweep flags…]
#
# Defaults: 8 shards, 1 CPU per shard, OUT = out/<sweep name>-slurm, bordersim from $BORDERSIM
# or PATH. OUT must be on a file system every node sees. Prints the array's and the merge
# job's ids. A sweep with a target runs batch 1; its merge job submits the next batch while
# the target is not met (docs/cluster.md).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
shards=8 cpus=1 out="" batch=1 extra="" bordersim=${BORDERSIM:-$(command -v bordersim || true)}
while [ $# -gt 0 ]; do
    case "$1" in
        --shards) shards=$2; shift 2 ;;
        --cpus) cpus=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --bordersim) bordersim=$2; shift 2 ;;
        --sbatch) extra=$2; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0" | cut -c3-; exit 0 ;;
        *) break ;;
    esac
done
sweep=${1:?usage: submit.sh [options] SWEEP [sweep flags…] (see --help)}
shift
[ -n "$bordersim" ] && [ -x "$bordersim" ] || {
    echo "error: no bordersim executable; give --bordersim PATH or set BORDERSIM" >&2; exit 2; }
[ -f "$sweep" ] || { echo "error: $sweep: no such sweep file" >&2; exit 2; }
case "$shards" in ''|*[!0-9]*|0) echo "error: --shards: expected a whole number ≥ 1; found '$shards'" >&2; exit 2 ;; esac
[ -n "$out" ] || out="out/$(basename "${sweep%.*}")-slurm"
mkdir -p "$out/logs"
bordersim=$(readlink -f "$bordersim") sweep=$(readlink -f "$sweep") out=$(readlink -f "$out")
# shellcheck disable=SC2086
array=$(sbatch --parsable $extra --array="1-$shards" --cpus-per-task="$cpus" \
    --output="$out/logs/batch-$batch-shard-%a.out" "$here/shard.sbatch" \
    "$bordersim" "$sweep" "$shards" "$batch" "$out" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable $extra --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$out/logs/merge-$batch.out" --export="ALL,SUBMIT_SH=$here/submit.sh" "$here/merge.sbatch" \
    "$bordersim" "$sweep" "$shards" "$batch" "$out" "$@")
merge=${merge%%;*}
echo "batch $batch: array job $array ($shards shards), merge job $merge; results in $out/merged"
