#!/usr/bin/env bash
# Checks the Kubernetes manifests without a cluster: runs each pod's command from
# sweep-job.yaml as the Indexed Job would (JOB_COMPLETION_INDEX 0…N−1, its env, /bin/sh -c),
# then merge-job.yaml's, and compares the result with a one-machine sweep. What it cannot
# check is Kubernetes itself (scheduling, the volume): no cluster here.
# K8S_TEST_ARGS replaces the manifest's ARGS (e.g. "--replicates 2", for a quick check).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BORDERSIM:-}" ]; then
    eval "$(scripts/install-deps.sh)"
    swift build --product bordersim >&2
    BORDERSIM="$(swift build --show-bin-path)/bordersim"
fi
work=$(mktemp -d /tmp/bordersim-k8s-XXXXXX)
mkdir -p "$work/bin" && ln -s "$BORDERSIM" "$work/bin/bordersim"
# The pods' commands, env and completions, read from the manifests.
python3 - "$work" <<'PY'
import os, sys, yaml, shlex
work = sys.argv[1]
sweep = yaml.safe_load(open("scripts/k8s/sweep-job.yaml"))
merge = yaml.safe_load(open("scripts/k8s/merge-job.yaml"))
def script(job, name):
    c = job["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e["value"] for e in c.get("env", [])}
    env["RESULTS"] = work + "/results"
    if "ARGS" in env and "K8S_TEST_ARGS" in os.environ:
        env["ARGS"] = os.environ["K8S_TEST_ARGS"]
    with open(f"{work}/{name}.sh", "w") as f:
        f.write("".join(f"export {k}={shlex.quote(v)}\n" for k, v in env.items()))
        f.write(" ".join(shlex.quote(a) for a in c["command"] + c["args"]) + "\n")
script(sweep, "shard")
script(merge, "merge")
n = sweep["spec"]["completions"]
assert str(n) == next(e["value"] for e in sweep["spec"]["template"]["spec"]["containers"][0]["env"] if e["name"] == "SHARDS"), \
    "completions and SHARDS differ"
open(f"{work}/completions", "w").write(str(n))
PY
n=$(cat "$work/completions")
export PATH="$work/bin:$PATH"
for i in $(seq 0 $((n - 1)) | shuf); do JOB_COMPLETION_INDEX=$i sh "$work/shard.sh"; done
sh "$work/merge.sh" >/dev/null
args=$(sed -n 's/^export ARGS=//p' "$work/shard.sh" | tr -d "'")
sweep=$(sed -n 's/^export SWEEP=//p' "$work/shard.sh" | tr -d "'")
# shellcheck disable=SC2086
"$BORDERSIM" sweep "$sweep" $args --out "$work/one" --quiet >/dev/null
status=0
for f in runs.csv summary.csv summary.md provenance.json; do
    cmp -s "$work/one/$f" "$work/results/merged/$f" && echo "ok: $f from the $n pods' commands is byte-identical" \
        || { echo "FAIL: $f differs ($work)" >&2; status=1; }
done
[ "$status" = 0 ] && rm -rf "$work"
exit "$status"
