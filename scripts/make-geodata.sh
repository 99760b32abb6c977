#!/usr/bin/env bash
# Regenerate geodata/*.geojson (Belarus–Lithuania, Belarus–Latvia and
# Belarus–Poland borders) from the Digital Chart of the World shipped with GMT
# (Debian package gmt-dcw). Dev-time only; CI never runs this.
#
# Installs what is missing: gmt + gmt-dcw (apt-get), shapely + pyproj (pip),
# then runs scripts/make_geodata.py, which writes geodata/ and re-checks the
# written files (it exits non-zero if a check fails).
#
# Output is deterministic: running it twice gives byte-identical files (for
# the same gmt-dcw, GEOS and PROJ versions; see geodata/README.md).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v gmt >/dev/null 2>&1 || ! dpkg -s gmt-dcw >/dev/null 2>&1; then
    echo "make-geodata: installing gmt and gmt-dcw" >&2
    sudo_if_needed apt-get update
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends gmt gmt-dcw
fi

if ! "$python" -c 'import shapely, pyproj; assert int(shapely.__version__.split(".")[0]) >= 2' \
        >/dev/null 2>&1; then
    echo "make-geodata: installing shapely and pyproj" >&2
    # the versions the committed files were made with
    "$python" -m pip install "shapely==2.2.0" "pyproj==3.7.2"
fi

echo "make-geodata: gmt $(gmt --version), gmt-dcw $(dpkg-query -W -f='${Version}' gmt-dcw)" >&2
cd "$root"
export PYTHONDONTWRITEBYTECODE=1
exec "$python" "$here/make_geodata.py"
