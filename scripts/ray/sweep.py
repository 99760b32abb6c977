#!/usr/bin/env python3
"""Runs a bordersim sweep on a Ray cluster: one Ray task per shard (`bordersim sweep ...
--shard K/N`), then `bordersim merge` on the driver, which writes the one-machine sweep's files
into OUT/merged. A sweep with a target runs in batches until merge says it is complete.

    python3 scripts/ray/sweep.py [--shards N] [--out DIR] [--bordersim PATH] [--address ADDR] \\
        SWEEP [sweep flags...]

ADDR (or RAY_ADDRESS): a running cluster, e.g. "auto"; without one, Ray starts a local one.
OUT, bordersim and the sweep's inputs must be at the same paths on every node (a shared file
system). Needs `pip install ray` (docs/cluster.md).
"""
import argparse
import os
import re
import subprocess
import sys

import ray


@ray.remote(num_cpus=1)
def run_shard(bordersim, sweep, flags, k, n, batch, out):
    folder = os.path.join(out, f"batch-{batch}", f"shard-{k}")
    command = [bordersim, "sweep", sweep, *flags, "--shard", f"{k}/{n}", "--batch", str(batch),
               "--threads", "1", "--out", folder, "--force", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"shard {k}/{n} of batch {batch} failed (exit {done.returncode}): {done.stderr.strip()}")
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--out", default=None)
    parser.add_argument("--bordersim", default=os.environ.get("BORDERSIM", "bordersim"))
    parser.add_argument("--address", default=os.environ.get("RAY_ADDRESS"))
    parser.add_argument("sweep")
    parser.add_argument("flags", nargs=argparse.REMAINDER, help="flags for bordersim sweep")
    args = parser.parse_args()
    if args.shards < 1:
        parser.error("--shards: expected a whole number ≥ 1")
    sweep = os.path.abspath(args.sweep)
    if not os.path.isfile(sweep):
        parser.error(f"{args.sweep}: no such sweep file")
    out = os.path.abspath(args.out or os.path.join("out", os.path.splitext(os.path.basename(sweep))[0] + "-ray"))
    bordersim = os.path.abspath(args.bordersim) if os.sep in args.bordersim else args.bordersim

    ray.init(address=args.address, log_to_driver=False, include_dashboard=False)
    batch = 1
    while True:
        tasks = [run_shard.remote(bordersim, sweep, args.flags, k, args.shards, batch, out)
                 for k in range(1, args.shards + 1)]
        ray.get(tasks)
        shards = [os.path.join(out, d, s) for d in sorted(os.listdir(out)) if d.startswith("batch-")
                  for s in sorted(os.listdir(os.path.join(out, d)))]
        merged = subprocess.run([bordersim, "merge", *shards, "--out", os.path.join(out, "merged"), "--force",
                                 "--quiet"], capture_output=True, text=True)
        if merged.returncode != 0:
            sys.exit(f"merge failed (exit {merged.returncode}): {merged.stderr.strip()}")
        found = re.search(r"^next batch: (\d+)", merged.stdout, re.MULTILINE)
        print(f"batch {batch}: {args.shards} shards on Ray, merged into {os.path.join(out, 'merged')}", file=sys.stderr)
        if not found:
            break
        batch = int(found.group(1))
    sys.stdout.write(merged.stdout)


if __name__ == "__main__":
    main()
