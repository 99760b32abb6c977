#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the tests and for trying the recipe: munged,
# slurmctld and slurmd, each with its own key, socket, ports, state and logs under DIR, so
# nothing of the machine's own /etc/slurm or /etc/munge is used or changed.
#
#   scripts/slurm/local-cluster.sh start DIR [CPUS]   # prints: export SLURM_CONF=DIR/slurm.conf
#   scripts/slurm/local-cluster.sh stop DIR
#
# Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm and munge
# (scripts/slurm/install.sh). CPUS: the node's CPUs (default: every core); 1 gives one worker.
set -euo pipefail

action=${1:?usage: local-cluster.sh start|stop DIR [CPUS]}
dir=${2:?usage: local-cluster.sh start|stop DIR [CPUS]}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop() {
    for name in slurmd slurmctld munged; do
        if [ -f "$dir/$name.pid" ]; then
            pid=$(cat "$dir/$name.pid")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$dir/$name.pid"
        fi
    done
}

if [ "$action" = stop ]; then stop; exit 0; fi
[ "$action" = start ] || { echo "usage: local-cluster.sh start|stop DIR [CPUS]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "error: the local cluster needs root (slurmd starts jobs as their user)" >&2; exit 2; }
for tool in munged mungekey slurmctld slurmd sbatch; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found; run scripts/slurm/install.sh" >&2; exit 2; }
done

cpus=${3:-$(nproc)}
host=$(hostname -s)
# Ports from the folder's name, so two clusters on one machine do not meet.
base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
stop

[ -f "$dir/munge.key" ] || mungekey --create --keyfile="$dir/munge.key" --bits=1024
chmod 0400 "$dir/munge.key"
munged --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
       --log-file="$dir/log/munged.log" --seed-file="$dir/munge.seed" --force

cat > "$dir/slurm.conf" <<CONF
# Written by scripts/slurm/local-cluster.sh: one node, this machine.
ClusterName=bordersim-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=600
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$host"

# Wait until the node takes jobs.
for _ in $(seq 60); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
    case "$state" in idle*|mixed*|allocated*) echo "export SLURM_CONF=$SLURM_CONF"; exit 0 ;; esac
    sleep 1
done
echo "error: the local Slurm node did not come up (state '${state:-none}'); see $dir/log/" >&2
tail -5 "$dir"/log/*.log >&2 || true
exit 1
