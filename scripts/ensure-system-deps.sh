#!/usr/bin/env bash
# Installs the Debian libraries Qt needs, only when some are missing.
# Usage: ensure-system-deps.sh [--xvfb]
#   --xvfb  also the packages for a real window under Xvfb (screenshots).
set -euo pipefail

packages=(libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libxkbcommon0
          fonts-dejavu-core)
if [[ "${1:-}" == "--xvfb" ]]; then
  packages+=(xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
             libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0)
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: nothing to do here

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Paket sistem belum terpasang / system packages missing: ${missing[*]}" >&2
  echo "Jalankan sebagai root / run as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
