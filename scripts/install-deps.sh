#!/usr/bin/env bash
# Installs the system libraries bordersim builds against, when they are missing.
# Debian/Ubuntu: GEOS, PROJ and SQLite from apt (pkg-config finds them); GDAL's ogrinfo and
# python3-gdal's validate_gpkg.py, which the tests use to check that GDAL opens every output; for
# the viewer and map pictures, Leaflet (libjs-leaflet, inlined into view.html), rsvg-convert (SVG
# to PNG) and Chromium (scripts/check-viewer.sh opens the viewer headless). Needs root or sudo.
set -euo pipefail

missing=()
for pkg in libgeos-dev libproj-dev libsqlite3-dev pkg-config gdal-bin python3-gdal libjs-leaflet librsvg2-bin chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
    for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
        [ -x "$dir/swift" ] && { echo "export PATH=$dir:\$PATH"; exit 0; }
    done
    echo "error: no Swift toolchain found; install Swift 6.1 or later (https://www.swift.org/install/linux/)" >&2
    exit 1
fi
