#!/usr/bin/env bash
# Rebuilds assets/map/countries-110m.json from Natural Earth (public domain) country shapes as
# shipped by the npm package world-atlas. Needs node and npm (only to fetch the package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=2.0.2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "world-atlas@$version" >/dev/null && tar xzf world-atlas-*.tgz)
mkdir -p "$here/../../assets/map"
node "$here/convert.mjs" "$tmp/package/countries-110m.json" "$version" > "$here/../../assets/map/countries-110m.json"
echo "wrote assets/map/countries-110m.json from world-atlas $version"
