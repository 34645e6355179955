#!/usr/bin/env bash
# Sets up everything cuebook needs on a Debian-based machine: the system packages (fonts,
# HarfBuzz's subsetter, PDF tools) and the Python package with its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-noto-cjk: the Chinese faces; libharfbuzz-subset0: fast font subsetting in WeasyPrint
# (without it a 4-page Chinese PDF spends ~18 s in fontTools); fonts-noto-color-emoji: emoji
# in real question banks; poppler-utils and qpdf: the PDF checks the tests run.
APT_PACKAGES=(fonts-noto-cjk fonts-noto-color-emoji libharfbuzz-subset0 poppler-utils qpdf)

if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
        "${APT_PACKAGES[@]}"
else
    echo "setup: no apt-get here; install these packages by hand: ${APT_PACKAGES[*]}" >&2
fi

python -m pip install -q --disable-pip-version-check -e ".[test]"
