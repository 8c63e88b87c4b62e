#!/usr/bin/env bash
# Installs what building textclf needs and a fresh Debian machine lacks: OpenBLAS's CBLAS
# (libopenblas-dev) and pkg-config, through which SwiftPM finds it. Does nothing when present.
set -euo pipefail
if command -v pkg-config >/dev/null && pkg-config --exists openblas \
   && [ -f "$(pkg-config --variable=includedir openblas)/cblas.h" -o -n "$(find /usr/include -name cblas.h -path '*openblas*' 2>/dev/null | head -1)" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing libopenblas-dev and pkg-config (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libopenblas-dev pkg-config >/dev/null
