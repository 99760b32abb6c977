#!/usr/bin/env bash
# Installs Debian's Slurm (slurmctld, slurmd, client commands) and munge, when missing.
# Needs root or sudo; exits 1 with the reason when they cannot be installed.
set -euo pipefail
missing=()
for pkg in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
command -v apt-get >/dev/null || { echo "no apt-get on this machine" >&2; exit 1; }
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || { echo "not root and no password-less sudo" >&2; exit 1; }
    sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq "${missing[@]}" >&2 \
    || { $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq "${missing[@]}" >&2; }
