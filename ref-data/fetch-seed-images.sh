#!/usr/bin/env bash
# Downloads the photographs the original testbed (ZHAW Service Prototyping Lab,
# github.com/serviceprototypinglab/lambda-docker-measurements) resized in its examples,
# for comparing functracer's traces with the published ones. Offline, use
# `functracer samples inputs` instead: it generates sample-{1,2,5}mb.jpg here.
#
# usage: ref-data/fetch-seed-images.sh [1|2|5 ...]   (all three when no size is given)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

url_for() {
  case "$1" in
    1) echo "https://u.cubeupload.com/q7nRis.jpg" ;;
    2) echo "https://eoimages.gsfc.nasa.gov/images/imagerecords/74000/74393/world.topo.200407.3x5400x2700.jpg" ;;
    5) echo "https://upload.wikimedia.org/wikipedia/commons/2/26/Dresden_Garnisonkirche_gp.jpg" ;;
    *) return 1 ;;
  esac
}

download() { # url target
  if command -v curl >/dev/null; then
    curl --fail --location --silent --show-error --user-agent "functracer (research testbed)" --output "$2" "$1"
  elif command -v wget >/dev/null; then
    wget --quiet --user-agent="functracer (research testbed)" --output-document="$2" "$1"
  else
    echo "fetch-seed-images: needs curl or wget (apt-get install curl)" >&2
    exit 1
  fi
}

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1 2 5)

for size in "${sizes[@]}"; do
  if ! url=$(url_for "$size"); then
    echo "fetch-seed-images: no seed image of ${size} MB; the sizes are 1, 2 and 5" >&2
    exit 2
  fi
  target="$here/${url##*/}"
  if [ -s "$target" ]; then
    echo "have    $target"
    continue
  fi
  partial="$target.partial"
  trap 'rm -f "$partial"' EXIT
  download "$url" "$partial"
  # A JPEG starts with FF D8; anything else is an error page that would confuse ImageMagick later.
  if [ "$(head -c 2 "$partial" | od -An -tx1 | tr -d ' \n')" != "ffd8" ]; then
    echo "fetch-seed-images: $url did not return a JPEG (the source may have moved)" >&2
    exit 1
  fi
  mv "$partial" "$target"
  echo "fetched $target ($(wc -c <"$target") bytes)"
done
